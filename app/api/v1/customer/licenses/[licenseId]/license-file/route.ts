import { appServices } from "@/lib/config/server";
import { admitToKeyMaterial, issueLicenseFile } from "@/lib/licensing";
import { customerRoute, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/** A signed license file (a JWT) for offline verification, through the key-material gate like a key. */
export const GET = customerRoute("keys:read", async ({ ctx, tokenId, scopes }, request) => {
  const licenseId = licenseIdOf(request);
  const pass = await admitToKeyMaterial(ctx, { apiTokenId: tokenId, scopes }, { licenseId });
  const file = await issueLicenseFile(
    ctx,
    pass,
    { licenseId },
    { signer: await appServices().signing(), issuer: appServices().publicUrl("/") },
  );
  return new Response(file.token, {
    headers: { "content-type": "application/jwt", "content-disposition": `attachment; filename="${file.fileName}"` },
  });
});
