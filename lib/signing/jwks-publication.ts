/**
 * How long clients may cache the published JWKS (lib/http/jwks-response.ts sends it as max-age).
 * Defined here because key rotation depends on it: a pending key must be published at least this
 * long before it signs (MIN_PUBLISHED_SECONDS), so a client's cached JWKS always holds it.
 */
export const JWKS_MAX_AGE_SECONDS = 300;

/**
 * The extra JWK member (RFC 7517 §4: other libraries ignore it) naming the product and edition a
 * scoped key may sign for, by the codes license files carry (`aud`, `edition`). The SDK and the
 * Python client refuse a file or answer whose key is scoped elsewhere (packages/sdk/src/signing-key-scope.ts);
 * a key without it is the global key.
 */
export const SIGNING_KEY_SCOPE_MEMBER = "rekey_scope";

export type ScopedPublicJwk<Jwk> = Jwk & { [SIGNING_KEY_SCOPE_MEMBER]?: { product: string; edition?: string } };

export function withScopeMember<Jwk extends object>(
  jwk: Jwk,
  { product, edition }: { product: string | null; edition: string | null },
): ScopedPublicJwk<Jwk> {
  if (product === null) return jwk;
  return { ...jwk, [SIGNING_KEY_SCOPE_MEMBER]: edition === null ? { product } : { product, edition } };
}
