import { BackToLicense } from "@/components/licenses/back-to-license";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ExactTime } from "@/components/ui/time";
import type { RotationLinkStanding } from "@/lib/rotation";

/**
 * What an email's one-click link says when its rotation has moved on since the email was sent:
 * plainly what happened, and the license page to act from instead.
 */
export function RotationLinkStandingNotice({
  standing,
  licenseId,
  timeZone,
}: {
  standing: Exclude<RotationLinkStanding, { kind: "plannable" }> | null;
  licenseId: string;
  timeZone: string;
}) {
  const notice = !standing
    ? {
        title: "This link does not match a rotation",
        body: "It is incomplete or names a rotation of another license. Open the license to rotate or postpone from there.",
      }
    : standing.kind === "rotated"
      ? {
          title: "Already rotated",
          body: (
            <>
              This key was already rotated (<ExactTime date={standing.rotatedAt} definedIn={timeZone} />
              ). There is nothing left to do from this email.
            </>
          ),
        }
      : standing.kind === "postponed"
        ? {
            title: "Already postponed",
            body: (
              <>
                This rotation has moved to <ExactTime date={standing.scheduledFor} definedIn={timeZone} /> since the
                email was sent. Open the license to see it or change it again.
              </>
            ),
          }
        : {
            title: "This rotation was cancelled",
            body: "It will not happen, so there is nothing to rotate or postpone. The license page shows the next planned rotation, if any.",
          };
  return (
    <div className="space-y-4">
      <Alert tone="info" title={notice.title}>
        {notice.body}
      </Alert>
      <ButtonLink href={`/licenses/${licenseId}#rotation`}>Open the license</ButtonLink>
    </div>
  );
}

/** The heading of a one-click link's page, with the way back to its license. */
export function RotationLinkHeader({
  license,
  title,
}: {
  license: { id: string; product: { name: string }; edition: { name: string } };
  title: string;
}) {
  return <PageHeader eyebrow={<BackToLicense license={license} />} title={title} />;
}
