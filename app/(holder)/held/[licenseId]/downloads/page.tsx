import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { visitorPlatform } from "@/app/(portal)/licenses/[licenseId]/downloads/visitor-platform";
import { LicenseReleaseList } from "@/components/releases/license-release-list";
import { PageHeader } from "@/components/ui/page-header";
import { getLicense } from "@/lib/licensing";
import { listLicenseDownloads } from "@/lib/releases";
import { heldLicensePath } from "@/lib/seats";
import { loadHeldLicense } from "../load-held-license";

export const metadata: Metadata = { title: "Downloads" };

/**
 * The releases a held license includes, for its seat holder (issue 18): the same list and signed
 * files as the owner's Downloads page, without the organization's notice settings.
 */
export default async function HeldLicenseDownloadsPage({
  params,
  searchParams,
}: {
  params: Promise<{ licenseId: string }>;
  searchParams: Promise<{ platform?: string }>;
}) {
  const { licenseId } = await params;
  const { ctx } = await loadHeldLicense(licenseId);
  const platform = await visitorPlatform((await searchParams).platform);
  // Only the names for the header: the holder view's page loader also reads seat holders and the key gate.
  const [license, downloads] = await Promise.all([
    getLicense(ctx, licenseId),
    listLicenseDownloads(ctx, licenseId, { platform }),
  ]);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={heldLicensePath(licenseId)} className="text-brand-700 hover:underline">
            {license.product.name} {license.edition.name}
          </Link>
        }
        title="Downloads"
        description={
          <>
            The releases of {license.product.name} this license includes. Each file has a signature: a JWT over its
            SHA-256 you can verify with the keys at /.well-known/jwks.json.
          </>
        }
      />
      <LicenseReleaseList
        downloads={downloads}
        downloadsPath={`${heldLicensePath(licenseId)}/downloads`}
        platform={platform}
        now={ctx.now()}
      />
    </>
  );
}
