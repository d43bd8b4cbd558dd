import { samlServiceProviderMetadata } from "@/lib/identity";
import { samlServiceProvider } from "../../sso-services";

/**
 * Rekey's SAML service provider metadata, for an owner to give their identity provider. Its URL is
 * also our entity ID; every URL in it comes from REKEY_PUBLIC_URL, whatever Host the request names.
 */
export function GET() {
  return new Response(samlServiceProviderMetadata(samlServiceProvider()), {
    headers: { "content-type": "application/samlmetadata+xml; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
