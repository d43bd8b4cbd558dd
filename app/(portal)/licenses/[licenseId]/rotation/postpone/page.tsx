import type { Metadata } from "next";
import { ConfirmRotationForm } from "@/components/rotation/confirm-rotation-form";
import { RotationLinkHeader, RotationLinkStandingNotice } from "@/components/rotation/rotation-link-standing";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ExactTime } from "@/components/ui/time";
import { DomainError } from "@/lib/errors";
import { previewPostponement } from "@/lib/rotation";
import { confirmPostponeAction } from "../actions";
import { loadRotationLink } from "../load-rotation-link";

export const metadata: Metadata = { title: "Postpone rotation" };

/** "Postpone" from the upcoming-rotation email: the dry run, then one confirm button. */
export default async function PostponeFromEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ licenseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { licenseId } = await params;
  const { ctx, license, timeZone, standing } = await loadRotationLink(licenseId, await searchParams);
  return (
    <>
      <RotationLinkHeader license={license} title="Postpone this rotation?" />
      <Card className="max-w-2xl p-5">
        {standing?.kind === "plannable" ? (
          <PostponePreview
            licenseId={licenseId}
            timeZone={timeZone}
            preview={() => previewPostponement(ctx, { licenseId })}
          />
        ) : (
          <RotationLinkStandingNotice standing={standing} licenseId={licenseId} timeZone={timeZone} />
        )}
      </Card>
    </>
  );
}

async function PostponePreview({
  licenseId,
  timeZone,
  preview,
}: {
  licenseId: string;
  timeZone: string;
  preview: () => ReturnType<typeof previewPostponement>;
}) {
  let postponement: Awaited<ReturnType<typeof previewPostponement>>;
  try {
    postponement = await preview();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return (
      <div className="space-y-4">
        <Alert tone="warning" title="This rotation cannot be postponed">
          {error.userMessage}
        </Alert>
        <ButtonLink href={`/licenses/${licenseId}#rotation`}>Open the license</ButtonLink>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div role="region" aria-label="What will happen" className="rounded-md bg-slate-50 p-4 text-sm text-slate-700">
        <p className="font-semibold text-slate-900">What will happen</p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            The rotation planned for <ExactTime date={postponement.from} definedIn={timeZone} /> moves to your next
            window, <ExactTime date={postponement.to} definedIn={timeZone} />.
          </li>
          <li>Your current key keeps working until then; a new key that is already issued stays valid too.</li>
          <li>You get the usual notices before the new date.</li>
        </ul>
      </div>
      <ConfirmRotationForm
        licenseId={licenseId}
        fields={{}}
        confirmLabel="Confirm postponement"
        action={confirmPostponeAction}
      />
    </div>
  );
}
