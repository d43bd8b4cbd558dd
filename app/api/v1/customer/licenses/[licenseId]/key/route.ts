import { admitToKeyMaterial, pullLicenseKey } from "@/lib/licensing";
import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { customerKeyQuerySchema } from "@/lib/validations/customer-api-tokens";
import { customerRoute, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/**
 * A license's current key (the new one once a rotation overlaps) or, with `which=pending`, the key
 * issued ahead of a rotation: through the key-material gate with the token's scopes, audited as a
 * reveal by the token (DESIGN.md §4).
 */
export const GET = customerRoute("keys:read", async ({ ctx, tokenId, scopes }, request) => {
  const licenseId = licenseIdOf(request);
  const query = customerKeyQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const fieldErrors = fieldErrorsFrom(query.error, "query");
    throw new InvalidInput(`Invalid query: check ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
  }
  const pass = await admitToKeyMaterial(ctx, { apiTokenId: tokenId, scopes }, { licenseId });
  const pulled = await pullLicenseKey(
    ctx,
    pass,
    { licenseId, which: query.data.which },
    { ring: appServices().keySecrets().ring },
  );
  return Response.json({ licenseId, which: query.data.which, prefix: pulled.prefix, key: pulled.key });
});
