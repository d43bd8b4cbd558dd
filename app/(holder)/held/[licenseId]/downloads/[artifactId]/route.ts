import { artifactDownloadRoute } from "@/app/(portal)/licenses/[licenseId]/downloads/[artifactId]/artifact-download-response";
import { requireHolderContext } from "@/lib/auth/session";
import { openHeldLicense } from "@/lib/seats";

export const dynamic = "force-dynamic";

/** A seat holder's Downloads link (holder view): the license must be theirs to open, then its entitlement decides. */
export const GET = artifactDownloadRoute(async (licenseId) =>
  openHeldLicense((await requireHolderContext()).ctx, licenseId),
);
