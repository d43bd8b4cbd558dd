import { createHash } from "node:crypto";
import type { JWK } from "jose";

/**
 * RFC 7517 JWK Set with HTTP caching (RFC 9111, RFC 9110 §8.8.3): clients may cache it for five
 * minutes and revalidate with If-None-Match. Pending keys are published here before they sign,
 * so a five-minute cache can never miss a key in use; clients that meet an unknown `kid` refetch.
 */
import { JWKS_MAX_AGE_SECONDS } from "@/lib/signing";

export function jwksResponse(keys: JWK[], ifNoneMatch: string | null): Response {
  const body = JSON.stringify({ keys });
  const etag = `"${createHash("sha256").update(body).digest("base64url")}"`;
  const headers = {
    "cache-control": `public, max-age=${JWKS_MAX_AGE_SECONDS}, stale-while-revalidate=60, stale-if-error=86400`,
    etag,
    vary: "Accept-Encoding",
  };
  const matches = ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
  if (matches) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/jwk-set+json" } });
}
