import type { Metadata } from "next";
import { ConfirmRotationForm } from "@/components/rotation/confirm-rotation-form";
import { RotationLinkHeader, RotationLinkStandingNotice } from "@/components/rotation/rotation-link-standing";
import { OldKeyEnd, describeActiveDevices } from "@/components/rotation/rotation-preview";
import { Card } from "@/components/ui/card";
import { ExactTime } from "@/components/ui/time";
import { holdsSeat, listDevices } from "@/lib/devices";
import { isActiveKey, maskLicenseKey } from "@/lib/licensing";
import { findRotationPolicy, isNewKeyIssued as isNewKeyIssuedFor } from "@/lib/rotation";
import { confirmRotateNowAction } from "../actions";
import { loadRotationLink } from "../load-rotation-link";
import { clampOverlapMinutes, DEFAULT_OVERLAP_MINUTES } from "@/lib/validations/choices";

export const metadata: Metadata = { title: "Rotate now" };

/** "Rotate now" from the upcoming-rotation email: the dry run with the customer's own overlap, then one confirm button. */
export default async function RotateNowFromEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ licenseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { licenseId } = await params;
  const { ctx, license, preference, timeZone, standing } = await loadRotationLink(licenseId, await searchParams);
  const header = <RotationLinkHeader license={license} title="Rotate this key now?" />;
  if (standing?.kind !== "plannable") {
    return (
      <>
        {header}
        <Card className="max-w-2xl p-5">
          <RotationLinkStandingNotice standing={standing} licenseId={licenseId} timeZone={timeZone} />
        </Card>
      </>
    );
  }
  const [policy, devices] = await Promise.all([
    findRotationPolicy(ctx.db, { productId: license.product.id, editionId: license.edition.id }),
    listDevices(ctx, licenseId),
  ]);
  const overlapMinutes = clampOverlapMinutes(preference?.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES, policy);
  const activeDevices = devices.filter(holdsSeat).length;
  const activeKey = license.keys.find(isActiveKey);
  const oldKeyStops = new Date(ctx.now().getTime() + overlapMinutes * 60_000);
  const isNewKeyIssued = isNewKeyIssuedFor(standing.rotation);
  return (
    <>
      {header}
      <Card className="max-w-2xl space-y-4 p-5">
        <div role="region" aria-label="What will happen" className="rounded-md bg-slate-50 p-4 text-sm text-slate-700">
          <p className="font-semibold text-slate-900">What will happen</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              Instead of <ExactTime date={standing.rotation.scheduledFor} definedIn={timeZone} />, the rotation happens
              now:{" "}
              {isNewKeyIssued
                ? "the new key that is already waiting in the portal becomes the active key."
                : "a new key is issued and works immediately."}
            </li>
            <li>
              {activeKey ? (
                <>
                  Your current key <code>{maskLicenseKey(activeKey.prefix)}</code>{" "}
                </>
              ) : (
                "The current key "
              )}
              <OldKeyEnd overlapMinutes={overlapMinutes} until={oldKeyStops} definedIn={timeZone} />.
            </li>
            <li>{describeActiveDevices(activeDevices)}</li>
          </ul>
        </div>
        <ConfirmRotationForm
          licenseId={licenseId}
          fields={{ overlapMinutes: String(overlapMinutes) }}
          confirmLabel="Rotate now"
          action={confirmRotateNowAction}
        />
      </Card>
    </>
  );
}
