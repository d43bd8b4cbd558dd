import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { requireOrgContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { handleJsonRoute } from "@/lib/http/json-route";
import { licenseFileResponse, licenseIdOfFilePath } from "./license-file-response";

export const dynamic = "force-dynamic";

/**
 * Downloads a signed license file (a JWT) for offline verification with the published JWKS. A file
 * unlocks the software like a key does, so it goes through the key-material gate like a reveal.
 */
export const GET = handleJsonRoute(
  async (request) => {
    const licenseId = licenseIdOfFilePath(request);
    const ctx = await requireOrgContext();
    return licenseFileResponse(ctx, await requireKeyMaterialPass(ctx, licenseId), licenseId);
  },
  (error) => appServices().logger.error({ err: error }, "license file download failed"),
);
