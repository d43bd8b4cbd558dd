/**
 * Browsers, Deno and any other runtime without `node:crypto`: jose over WebCrypto. The default of
 * `#runtime-crypto` (packages/sdk/package.json "imports").
 */
import { base64url, compactVerify } from "jose";
import { parseCompactJws } from "../compact-jws.ts";
import { SIGNING_ALGORITHMS, type JwksCache } from "../jwks-cache.ts";

const VERIFY_OPTIONS = { algorithms: [...SIGNING_ALGORITHMS] };

/** The verified payload's bytes; throws jose's errors (and the cache's) for anything else. */
export async function verifyCompactJws(jws: string, getKey: JwksCache["getKey"]): Promise<Uint8Array> {
  // jose checks structure too, but more leniently (it skips whitespace in base64url and only reads
  // `b64` when it is critical); the shared checks first keep both runtimes' verdicts identical.
  parseCompactJws(jws);
  return (await compactVerify(jws, getKey, VERIFY_OPTIONS)).payload;
}

/** base64url (no padding) of SHA-256 over the bytes. */
export async function sha256Base64url(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}
