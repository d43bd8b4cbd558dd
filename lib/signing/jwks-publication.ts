/**
 * How long clients may cache the published JWKS (lib/http/jwks-response.ts sends it as max-age).
 * Defined here because key rotation depends on it: a pending key must be published at least this
 * long before it signs (MIN_PUBLISHED_SECONDS), so a client's cached JWKS always holds it.
 */
export const JWKS_MAX_AGE_SECONDS = 300;
