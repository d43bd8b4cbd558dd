import type { Metadata } from "next";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { ReleaseNoticesForm } from "@/components/releases/release-notices-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { LicenseReleaseList } from "@/components/releases/license-release-list";
import { hasReleaseNotices, listLicenseDownloads } from "@/lib/releases";
import { loadLicense } from "../load-license";
import { setReleaseNoticesAction } from "./actions";
import { visitorPlatform } from "./visitor-platform";

export const metadata: Metadata = { title: "Downloads" };

export default async function LicenseDownloadsPage({
  params,
  searchParams,
}: {
  params: Promise<{ licenseId: string }>;
  searchParams: Promise<{ platform?: string }>;
}) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const platform = await visitorPlatform((await searchParams).platform);
  const [downloads, isSubscribed] = await Promise.all([
    listLicenseDownloads(ctx, licenseId, { platform }),
    hasReleaseNotices(ctx, licenseId),
  ]);
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Downloads"
        description={
          <>
            The releases of {license.product.name} your {license.edition.name} license includes. Each file has a
            signature: a JWT over its SHA-256 you can verify with the keys at /.well-known/jwks.json.
          </>
        }
      />
      <LicenseReleaseList
        downloads={downloads}
        downloadsPath={`/licenses/${licenseId}/downloads`}
        platform={platform}
        now={ctx.now()}
      />
      <Card aria-labelledby="release-notices" className="mt-6">
        <CardHeader
          id="release-notices"
          title="New release notices"
          description="Hear of each new release this license includes, through this license's notification channels."
        />
        <div className="px-5 py-4">
          {ctx.memberRole === "owner" ? (
            <ReleaseNoticesForm licenseId={licenseId} isSubscribed={isSubscribed} action={setReleaseNoticesAction} />
          ) : (
            <p className="text-sm text-slate-700">
              {isSubscribed ? "On" : "Off"}. Only owners can change which notices this license sends.
            </p>
          )}
        </div>
      </Card>
    </>
  );
}
