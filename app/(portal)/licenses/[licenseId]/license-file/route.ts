import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { requireOrgContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { NotFound } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { issueLicenseFile } from "@/lib/licensing";
import { licenseIdSchema } from "@/lib/validations/licenses";

export const dynamic = "force-dynamic";

/**
 * Downloads a signed license file (a JWT) for offline verification with the published JWKS. A file
 * unlocks the software like a key does, so it goes through the key-material gate like a reveal.
 */
export const GET = handleJsonRoute(
  async (request) => {
    const licenseId = new URL(request.url).pathname.split("/").at(-2) ?? "";
    if (!licenseIdSchema.safeParse(licenseId).success) throw new NotFound("License not found.");
    const ctx = await requireOrgContext();
    const pass = await requireKeyMaterialPass(ctx, licenseId);
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
  },
  (error) => appServices().logger.error({ err: error }, "license file download failed"),
);
