import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseEntitlements } from "@/components/licenses/license-entitlements";
import { LicenseKeyCard } from "@/components/licenses/license-key-card";
import { LicenseStatusBadge } from "@/components/portal/license-status";
import { RevealSeatTokenButton } from "@/components/seats/named-seat-forms";
import { Card, CardHeader } from "@/components/ui/card";
import { Detail } from "@/components/ui/detail";
import { PageHeader } from "@/components/ui/page-header";
import { LicenseExpiry } from "@/components/licenses/license-expiry";
import { HELD_LICENSES_PATH, HELD_SECURITY_PATH, heldLicensePath, loadHeldLicenseView } from "@/lib/seats";
import { revealHeldKeyAction, revealHeldSeatTokenAction } from "./actions";
import { loadHeldLicense } from "./load-held-license";

export const metadata: Metadata = { title: "Assigned license" };

/**
 * One license as its seat holder sees it (issue 18): read-only, with what they need to use the
 * software (seat token, key, license file) and nothing of the organization that gave it.
 */
export default async function HeldLicensePage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, session } = await loadHeldLicense(licenseId);
  const view = await loadHeldLicenseView(ctx, licenseId, { session });
  const { license } = view;
  const now = ctx.now();
  const keyCallbackUrl = `${heldLicensePath(license.id)}#key`;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={HELD_LICENSES_PATH} className="text-brand-700 hover:underline">
            Licenses assigned to me
          </Link>
        }
        title={`${license.product.name} ${license.edition.name}`}
        description={`Assigned to you by ${license.orgName}.`}
      />
      <div className="space-y-6">
        <Card aria-labelledby="overview">
          <CardHeader id="overview" title="This license" />
          <dl className="grid gap-4 px-5 py-4 sm:grid-cols-3">
            <Detail label="Status">
              <LicenseStatusBadge status={license.status} />
            </Detail>
            <Detail label="Expires">
              <LicenseExpiry expiresAt={license.expiresAt} now={now} />
            </Detail>
            <Detail label="After it expires">
              {view.accessAfterExpiry
                ? `Past the grace period, ${view.accessAfterExpiry}.`
                : "The software stops working past the grace period."}
            </Detail>
          </dl>
          <LicenseEntitlements entitlements={license.entitlements} />
          <div className="border-t border-slate-200 px-5 py-4 text-sm">
            <Link
              href={`${heldLicensePath(license.id)}/downloads`}
              className="font-medium text-brand-700 hover:underline"
            >
              Downloads
            </Link>
            <span className="text-slate-600"> · the releases this license includes, with their signatures</span>
          </div>
        </Card>

        {view.holdsSeat ? (
          <Card aria-labelledby="seat">
            <CardHeader id="seat" title="Your seat" />
            <RevealSeatTokenButton licenseId={license.id} action={revealHeldSeatTokenAction} />
          </Card>
        ) : null}

        <LicenseKeyCard
          licenseId={license.id}
          keys={license.keys}
          keyBlock={view.keyBlock}
          revealAction={revealHeldKeyAction}
          callbackUrl={keyCallbackUrl}
          enrolHref={HELD_SECURITY_PATH}
          licenseFileHref={view.mayDownloadLicenseFile ? `${heldLicensePath(license.id)}/license-file` : null}
        />
      </div>
    </>
  );
}
