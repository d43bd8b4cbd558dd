/**
 * Token bridging: during a rotation, software holding the old license key trades it for the new
 * one, so nobody has to copy a key by hand. Possession of the old key is the proof.
 *
 * The new key travels in the unsigned body (a signature would not hide it), and the token signs
 * its SHA-256 instead: a key swapped on the way does not match the hash, so a proxy cannot hand
 * the client a key of its choosing. The echoed nonce proves the token was made for this request.
 */
import { base64url, type JWTPayload } from "jose";
import { isRecord } from "./is-record.ts";
import type { JwksCache } from "./jwks-cache.ts";
import { badSignature, requestPortal, verifyPortalToken, type PortalFailure } from "./portal-request.ts";
import { portalUrl } from "./portal-url.ts";
import type { Problem } from "./validate-online.ts";

import { KEY_EXCHANGE_TOKEN_AUDIENCE } from "./protocol.ts";

export { KEY_EXCHANGE_TOKEN_AUDIENCE };

/**
 * The refusals that mean "no exchange for this key now", by HTTP status: 404 `UNKNOWN_KEY`,
 * 409 `NO_ROTATION_IN_PROGRESS`, 403 `BRIDGING_DISABLED`. Keep using the old key and point the
 * user to the portal.
 */
const NOT_AVAILABLE_STATUSES = new Set([403, 404, 409]);

export interface ExchangeKeyOptions {
  baseUrl: string;
  /** The key being replaced, as stored; never sent anywhere but the portal, never in a result. */
  key: string;
  /** The portal's keys; share the cache used for validation and license files. */
  jwks: JwksCache;
  fetch?: typeof globalThis.fetch;
  /** The clock, as in the app's use cases: tests pass a fixed one. */
  now?: () => Date;
  /** How far the device clock may disagree with the portal's when checking the token's times. */
  clockSkewSeconds?: number;
  timeoutMs?: number;
}

/**
 * `ok: true` only once the token, its nonce and the new key's hash all check out: store `newKey`
 * in place of the old one. `oldKeyRetiresAt` is when the old key stops working (null while the
 * rotation's overlap has not started). Otherwise keep the old key.
 */
export type KeyExchangeResult =
  | { ok: true; newKey: string; licenseId: string; oldKeyRetiresAt: string | null }
  | { ok: false; reason: "not_available"; code: string; detail: string; problem: Problem }
  | { ok: false; reason: "bad_request"; detail: string; problem: Problem }
  | PortalFailure;

export async function exchangeKey({
  baseUrl,
  key,
  jwks,
  fetch = globalThis.fetch,
  now = () => new Date(),
  clockSkewSeconds = 300,
  timeoutMs = 10_000,
}: ExchangeKeyOptions): Promise<KeyExchangeResult> {
  const nonce = base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
  const answer = await requestPortal(
    portalUrl(baseUrl, "/api/v1/keys/exchange"),
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, application/problem+json" },
      body: JSON.stringify({ key, nonce }),
    },
    { fetch, now, timeoutMs },
  );
  switch (answer.kind) {
    case "failed":
      return answer.failure;
    case "not_modified":
      return {
        ok: false,
        reason: "unreachable",
        detail: "The answer was 304 to a request that cannot be cached; something other than the portal answered.",
      };
    case "refused": {
      const { problem } = answer;
      const detail = problem.detail ?? problem.title;
      if (NOT_AVAILABLE_STATUSES.has(problem.status))
        return { ok: false, reason: "not_available", code: problem.code, detail, problem };
      return { ok: false, reason: "bad_request", detail, problem };
    }
    case "answered": {
      const verified = await verifyPortalToken(answer.body, {
        jwks,
        audience: KEY_EXCHANGE_TOKEN_AUDIENCE,
        now: now(),
        clockSkewSeconds,
        requiredClaims: ["iat", "exp"],
      });
      if ("failure" in verified) return verified.failure;
      return readExchange(verified.payload, answer.body.newKey, nonce);
    }
  }
}

interface SignedExchange {
  licenseId: string;
  newKeySha256: string;
  oldKeyRetiresAt: string | null;
}

async function readExchange(payload: JWTPayload, newKey: unknown, nonce: string): Promise<KeyExchangeResult> {
  if (!isRecord(payload.meta) || payload.meta.nonce !== nonce) {
    return badSignature("The signed answer was made for another request (nonce mismatch); it may be a replay.");
  }
  if (!isSignedExchange(payload)) return badSignature("The signed answer lacks the exchange fields.");
  if (typeof newKey !== "string" || (await sha256Base64url(newKey)) !== payload.newKeySha256) {
    return badSignature("The new key in the answer is not the one the portal signed.");
  }
  return { ok: true, newKey, licenseId: payload.licenseId, oldKeyRetiresAt: payload.oldKeyRetiresAt };
}

function isSignedExchange(payload: JWTPayload): payload is JWTPayload & SignedExchange {
  return (
    typeof payload.licenseId === "string" &&
    typeof payload.newKeySha256 === "string" &&
    (payload.oldKeyRetiresAt === null || typeof payload.oldKeyRetiresAt === "string")
  );
}

async function sha256Base64url(text: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}
