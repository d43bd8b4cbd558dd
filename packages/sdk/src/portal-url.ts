/**
 * Portal endpoints relative to the base URL the vendor configures. The base URL may carry a path
 * (a portal behind a reverse proxy), so paths are appended rather than resolved with `new URL`.
 */
export function portalUrl(baseUrl: string, path: `/${string}`): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** Where the portal publishes its signing keys; pass it to `createJwksCache({ url })`. */
export function jwksUrl(baseUrl: string): string {
  return portalUrl(baseUrl, "/.well-known/jwks.json");
}
