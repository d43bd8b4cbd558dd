import "server-only";
import { appServices } from "@/lib/config/server";
import type { OrgCtx } from "@/lib/context";
import { NotFound } from "@/lib/errors";
import { issueLicenseFile, type KeyMaterialPass } from "@/lib/licensing";
import { licenseIdSchema } from "@/lib/validations/licenses";

/** The license id of a `…/<licenseId>/license-file` path; anything else is a missing license. */
export function licenseIdOfFilePath(request: Request): string {
  const licenseId = new URL(request.url).pathname.split("/").at(-2) ?? "";
  if (!licenseIdSchema.safeParse(licenseId).success) throw new NotFound("License not found.");
  return licenseId;
}

/**
 * A signed license file (a JWT) as a download, for whoever the key-material gate admitted: a
 * member of the organization, or a seat holder in the holder view (issue 18).
 */
export async function licenseFileResponse(ctx: OrgCtx, pass: KeyMaterialPass, licenseId: string) {
  const file = await issueLicenseFile(
    ctx,
    pass,
    { licenseId },
    { signer: await appServices().signing(), issuer: appServices().publicUrl("/") },
  );
  return new Response(file.token, {
    headers: {
      "content-type": "application/jwt",
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
    },
  });
}
