/**
 * Online check of a license key. The JSON body of the portal's answer is unsigned and could come
 * from anything between the client and the portal (a proxy, a hosts-file redirect), so only the
 * signed `token` is believed, and the nonce sent with the request must come back inside it: that
 * proves the answer was made for this request and is not a recorded "valid" being replayed.
 */
import { base64url, errors, jwtVerify, type JWTPayload } from "jose";
import { isRecord } from "./is-record.ts";
import {
  createJwksCache,
  JwksUnavailableError,
  SIGNING_ALGORITHMS,
  UnknownKeyIdError,
  type JwksCache,
} from "./jwks-cache.ts";
import { jwksUrl, portalUrl } from "./portal-url.ts";
import { parseRetryAfter, readProblem } from "./portal-request.ts";

import { type OnlineValidationCode, type Problem, VALIDATION_TOKEN_AUDIENCE } from "./protocol.ts";
import type { ExpiryStrategy, OverageStrategy } from "./licensing-models.ts";

export { VALIDATION_TOKEN_AUDIENCE, type OnlineValidationCode, type Problem };

export interface ValidatedLicense {
  id: string;
  product: string;
  edition: string;
  status: "active" | "suspended" | "expired" | "revoked";
  expiresAt: string | null;
  seats: number;
  /** Under `keptAccess.strategy` `restrict`: only the features that keep working after expiry. */
  entitlements: string[];
  /** Licensing model (issue 18); absent from portals before it. */
  seatModel?: "device" | "floating" | "user";
  /** Floating licenses only: concurrent seats leased when the answer was made, of `total`. */
  floatingSeats?: { total: number; inUse: number };
  overageStrategy?: OverageStrategy;
  expiryStrategy?: ExpiryStrategy;
}

/**
 * With code `EXPIRED` past the grace, when the edition keeps access (issue 18; `valid` is true):
 * `restrict` keeps `license.entitlements` only; `maintain_access` keeps the versions released
 * before `releasedBefore` (compare your build's release date) and not newer ones.
 */
export interface KeptAccess {
  strategy: "restrict" | "maintain_access";
  releasedBefore?: string;
}

export interface ValidatedKey {
  state: "pending" | "active" | "retiring" | "retired" | "revoked";
  /** When this key stops validating, during a rotation's overlap. */
  rotatesAt?: string;
  /** A replacement key is ready to copy in the portal. */
  newKeyReady?: boolean;
}

/** What the portal signs into the validation token, beside `iss`, `aud`, `iat` and `exp`. */
export interface ValidationVerdict {
  valid: boolean;
  code: OnlineValidationCode;
  /** The portal's sentence for the user. */
  detail: string;
  license: ValidatedLicense | null;
  key: ValidatedKey | null;
  /**
   * With code `EXPIRED` only: the license expired but the vendor's grace lets it keep working
   * (`valid` is true) until this moment. Show a renewal notice; features stop after it.
   */
  graceEndsAt?: string;
  keptAccess?: KeptAccess;
  meta: { nonce: string | null; ts: string };
}

/**
 * `ok: true` carries the portal's signed verdict (which may still say `valid: false`). The other
 * reasons mean there is no trustworthy verdict; their `detail` is for logs, not for the user.
 */
export type OnlineValidationResult =
  | ({ ok: true } & ValidationVerdict)
  | { ok: false; reason: "unreachable"; detail: string; status?: number }
  | { ok: false; reason: "rate_limited"; detail: string; retryAfterSeconds: number | null }
  | { ok: false; reason: "bad_request"; detail: string; problem: Problem }
  | { ok: false; reason: "bad_signature"; detail: string };

export interface ValidateOnlineOptions {
  baseUrl: string;
  key: string;
  fingerprint?: string;
  product?: string;
  /**
   * Named-user licenses (seatModel `user`): the email your app signed its user in with. Without a
   * seat the answer is SEAT_NOT_ASSIGNED or TOO_MANY_USERS. It names who uses the seat; it does not
   * authenticate them, which is your app's sign-in's job; editions that require seat tokens ignore it.
   */
  user?: string;
  /**
   * Named-user licenses: the seat holder's token (`rks1.…`), which they copy from the license's
   * Seats page once signed in. It proves the seat instead of `user`, and stops working when the
   * seat is taken back or reassigned (then SEAT_NOT_ASSIGNED or TOO_MANY_USERS). Keep it like a
   * password: store it in the OS keychain, never log it.
   */
  userToken?: string;
  /** This app's version (at most 64 printable characters), shown beside the device during a rotation. */
  clientVersion?: string;
  fetch?: typeof globalThis.fetch;
  /** Share one cache across calls; without it every call fetches the JWKS again. */
  jwks?: JwksCache;
  /** The clock, as in the app's use cases: tests pass a fixed one. */
  now?: () => Date;
  /** How far the device clock may disagree with the portal's when checking the token's times. */
  clockSkewSeconds?: number;
  timeoutMs?: number;
}

export async function validateOnline({
  baseUrl,
  key,
  fingerprint,
  product,
  user,
  userToken,
  clientVersion,
  fetch = globalThis.fetch,
  now = () => new Date(),
  jwks = createJwksCache({ url: jwksUrl(baseUrl), fetch, now }),
  clockSkewSeconds = 300,
  timeoutMs = 10_000,
}: ValidateOnlineOptions): Promise<OnlineValidationResult> {
  const nonce = base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
  let response: Response;
  try {
    response = await fetch(portalUrl(baseUrl, "/api/v1/licenses/validate"), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, application/problem+json",
        ...describeKeysHeld(jwks),
      },
      body: JSON.stringify({ key, fingerprint, product, user, userToken, clientVersion, nonce }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, reason: "unreachable", detail: `The portal could not be reached: ${describeError(error)}` };
  }

  if (response.status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"), now());
    return { ok: false, reason: "rate_limited", detail: "The portal is rate limiting this client.", retryAfterSeconds };
  }
  if (response.status >= 500) {
    return {
      ok: false,
      reason: "unreachable",
      detail: `The portal answered ${response.status}.`,
      status: response.status,
    };
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    return { ok: false, reason: "bad_request", detail: problem.detail ?? problem.title, problem };
  }

  const body: unknown = await response.json().catch(() => undefined);
  // A 200 that is not JSON is typically a captive portal or a proxy's login page.
  if (body === undefined)
    return {
      ok: false,
      reason: "unreachable",
      detail: "The answer was not JSON; something between this device and the portal answered instead.",
    };
  if (!isRecord(body) || typeof body.token !== "string") return badSignature("The answer carries no signed token.");
  return readSignedVerdict(body.token, { nonce, jwks, now: now(), clockSkewSeconds });
}

async function readSignedVerdict(
  token: string,
  { nonce, jwks, now, clockSkewSeconds }: { nonce: string; jwks: JwksCache; now: Date; clockSkewSeconds: number },
): Promise<OnlineValidationResult> {
  let payload: JWTPayload;
  let kid = "";
  try {
    ({ payload } = await jwtVerify(
      token,
      (header) => {
        kid = String(header.kid);
        return jwks.getKey(header);
      },
      {
        audience: VALIDATION_TOKEN_AUDIENCE,
        algorithms: [...SIGNING_ALGORITHMS],
        currentDate: now,
        clockTolerance: clockSkewSeconds,
        requiredClaims: ["iat", "exp"],
      },
    ));
  } catch (error) {
    if (error instanceof JwksUnavailableError)
      return { ok: false, reason: "unreachable", detail: "The portal's signing keys could not be fetched." };
    if (error instanceof UnknownKeyIdError || error instanceof errors.JOSEError)
      return badSignature(`The token was not accepted: ${error.message}`);
    throw error;
  }
  if (!isRecord(payload.meta) || payload.meta.nonce !== nonce) {
    return badSignature("The signed answer was made for another request (nonce mismatch); it may be a replay.");
  }
  if (!isValidationVerdict(payload)) return badSignature("The signed answer lacks the verdict fields.");
  const subject = payload.license && { product: payload.license.product, edition: payload.license.edition };
  if (!jwks.isKeyScopedFor(kid, subject))
    return badSignature("The answer was signed with a key scoped to another product or edition.");
  const { valid, code, detail, license, key, meta, graceEndsAt, keptAccess } = payload;
  return {
    ok: true,
    valid,
    code,
    detail,
    license,
    key,
    meta,
    ...(typeof graceEndsAt === "string" ? { graceEndsAt } : {}),
    ...(isRecord(keptAccess) ? { keptAccess } : {}),
  };
}

function isValidationVerdict(payload: JWTPayload): payload is JWTPayload & ValidationVerdict {
  return (
    typeof payload.valid === "boolean" &&
    typeof payload.code === "string" &&
    typeof payload.detail === "string" &&
    (payload.license === null || isRecord(payload.license)) &&
    (payload.key === null || isRecord(payload.key)) &&
    isRecord(payload.meta) &&
    typeof payload.meta.ts === "string"
  );
}

/**
 * Advisory telemetry for the portal's drift monitoring (README "Drift monitoring"): which signing
 * keys this client holds and which algorithms it verifies, so operators see clients that missed a
 * signing-key rotation before they break. Public information only.
 */
function describeKeysHeld(jwks: JwksCache): Record<string, string> {
  const kids = jwks.knownKids?.() ?? [];
  return {
    "rekey-accept-algorithms": SIGNING_ALGORITHMS.join(", "),
    ...(kids.length > 0 ? { "rekey-jwks-kids": kids.join(", ") } : {}),
  };
}

function badSignature(detail: string): OnlineValidationResult {
  return { ok: false, reason: "bad_signature", detail };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
