/**
 * Binding this machine to a license online: `activate` takes a seat and returns a signed lease,
 * `heartbeat` renews it, `deactivate` gives the seat back. A lease is believed only through its
 * signature, its echoed nonce and its fingerprint hash; a refusal ends a lease only when it is
 * signed too, so nothing between the client and the portal can forge a "no".
 */
import { base64url, compactVerify, type JWTPayload } from "jose";
import { DEACTIVATION_RECEIPT_AUDIENCE, DEVICE_LEASE_AUDIENCE, DEVICE_REFUSAL_AUDIENCE } from "./device-protocol.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { isRecord } from "./is-record.ts";
import { JwksUnavailableError, SIGNING_ALGORITHMS, type JwksCache } from "./jwks-cache.ts";
import { badSignature, requestPortal, verifyPortalToken, type PortalFailure } from "./portal-request.ts";
import { portalUrl } from "./portal-url.ts";
import type { OnlineValidationCode, Problem } from "./validate-online.ts";

const DAY_MS = 86_400_000;
const utf8 = new TextDecoder();

export type DeviceRefusalCode = Exclude<OnlineValidationCode, "VALID" | "VALID_ROTATING">;

/** A verified lease: this device holds a seat until `expiresAt`, and may run offline until `graceEndsAt`. */
export interface DeviceLease {
  token: string;
  licenseId: string;
  deviceId: string;
  product: string;
  issuedAt: Date;
  expiresAt: Date;
  graceEndsAt: Date;
}

export interface DeviceCallOptions {
  baseUrl: string;
  key: string;
  /** A stable identifier of this machine, at least 8 characters; the portal keeps only a keyed hash. */
  fingerprint: string;
  /** The product code this app is; a key for another product is refused. */
  product?: string;
  /**
   * This app's version (at most 64 printable characters, e.g. `4.2.1`), sent on activation and
   * heartbeat: the customer sees it beside the device while a key rotates. Never required.
   */
  clientVersion?: string;
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
 * `refused` is the portal's signed "no" (seats full, deactivated, expired …): tell the user
 * `detail`. `pin_required` (activation only, enterprise licenses with a PIN): ask the user for the
 * license PIN and call `activate` again with `pin`; `code` is PIN_INVALID when the one sent was
 * wrong. Every other `ok: false` means no trustworthy answer: keep what you have and retry.
 */
export type DeviceLeaseResult =
  | { ok: true; lease: DeviceLease }
  | {
      ok: false;
      reason: "refused";
      code: DeviceRefusalCode;
      detail: string;
      /** TRANSFER_LIMIT_REACHED only: when this license may move a seat again (null: never without support). */
      nextTransferAt?: Date | null;
    }
  | { ok: false; reason: "pin_required"; code: ActivationPinCode; detail: string; isUnusualActivation: boolean }
  | { ok: false; reason: "bad_request"; detail: string; problem: Problem }
  | PortalFailure;

export type DeactivationResult =
  | { ok: true; deviceId: string; deactivatedAt: Date; receipt: string }
  | Exclude<DeviceLeaseResult, { ok: true }>;

export type ActivationPinCode = "PIN_REQUIRED" | "PIN_INVALID";
const ACTIVATION_PIN_CODES: readonly string[] = ["PIN_REQUIRED", "PIN_INVALID"] satisfies ActivationPinCode[];

/** `pin`: the license PIN the user entered, for licenses that ask for one; it is never stored. */
export function activate(
  options: DeviceCallOptions & { name?: string; platform?: string; pin?: string },
): Promise<DeviceLeaseResult> {
  const { name, platform, pin, clientVersion } = options;
  return callForLease("devices/activate", { name, platform, pin, clientVersion }, options);
}

export function heartbeat(options: DeviceCallOptions): Promise<DeviceLeaseResult> {
  return callForLease("devices/heartbeat", { clientVersion: options.clientVersion }, options);
}

/** Gives this machine's seat back; asking again after a lost answer returns the same receipt. */
export async function deactivate(options: DeviceCallOptions): Promise<DeactivationResult> {
  const answer = await callDeviceApi("devices/deactivate", {}, options);
  if (!answer.ok) return answer;
  const verified = await verifyPortalToken(
    { token: answer.body.receipt },
    { ...answer.verify, audience: DEACTIVATION_RECEIPT_AUDIENCE, requiredClaims: ["iat", "deactivated_at"] },
  );
  if ("failure" in verified) return verified.failure;
  const { payload } = verified;
  if (payload.nonce !== answer.nonce) return nonceMismatch();
  if (payload.fph !== (await fingerprintHash(String(payload.sub), options.fingerprint)))
    return badSignature("The receipt is for another device.");
  if (typeof payload.device !== "string" || typeof payload.deactivated_at !== "number")
    return badSignature("The receipt lacks its device fields.");
  return {
    ok: true,
    deviceId: payload.device,
    deactivatedAt: new Date(payload.deactivated_at * 1000),
    receipt: String(answer.body.receipt),
  };
}

async function callForLease(
  action: "devices/activate" | "devices/heartbeat",
  extra: object,
  options: DeviceCallOptions,
): Promise<DeviceLeaseResult> {
  const answer = await callDeviceApi(action, extra, options);
  if (!answer.ok) return answer;
  const lease = isRecord(answer.body.lease) ? answer.body.lease : {};
  const verified = await verifyPortalToken(lease, {
    ...answer.verify,
    audience: DEVICE_LEASE_AUDIENCE,
    requiredClaims: ["iat", "exp", "sub"],
  });
  if ("failure" in verified) return verified.failure;
  if (verified.payload.nonce !== answer.nonce) return nonceMismatch();
  const read = await readLease(String(lease.token), verified.payload, options.fingerprint);
  return "lease" in read ? { ok: true, lease: read.lease } : badSignature(read.problem);
}

export type DeviceApiAnswer =
  | {
      ok: true;
      body: Record<string, unknown>;
      nonce: string;
      verify: { jwks: JwksCache; now: Date; clockSkewSeconds: number };
    }
  | Exclude<DeviceLeaseResult, { ok: true }>;

/** The client API's device, floating-lease and usage endpoints: they share their request and refusal shape. */
type DeviceEndpoint =
  | `devices/${"activate" | "heartbeat" | "deactivate"}`
  | `leases/${"checkout" | "heartbeat" | "release"}`
  | "usage";

/** One call to `/api/v1/<endpoint>` with a fresh nonce; a refusal is believed only when signed. */
export async function callDeviceApi(
  endpoint: DeviceEndpoint,
  extra: object,
  {
    baseUrl,
    key,
    fingerprint,
    product,
    jwks,
    fetch = globalThis.fetch,
    now = () => new Date(),
    clockSkewSeconds = 300,
    timeoutMs = 10_000,
  }: Omit<DeviceCallOptions, "fingerprint"> & { fingerprint?: string },
): Promise<DeviceApiAnswer> {
  const nonce = base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
  const answer = await requestPortal(
    portalUrl(baseUrl, `/api/v1/${endpoint}`),
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, application/problem+json" },
      body: JSON.stringify({ key, fingerprint, product, nonce, ...extra }),
    },
    { fetch, now, timeoutMs },
  );
  const verify = { jwks, now: now(), clockSkewSeconds };
  switch (answer.kind) {
    case "failed":
      return answer.failure;
    case "not_modified":
      return {
        ok: false,
        reason: "unreachable",
        detail: "The answer was 304 to a request that cannot be cached; something other than the portal answered.",
      };
    case "refused":
      return readRefusal(answer.problem, { ...verify, nonce });
    case "answered":
      return { ok: true, body: answer.body, nonce, verify };
  }
}

async function readRefusal(
  problem: Problem,
  { nonce, ...verify }: { jwks: JwksCache; now: Date; clockSkewSeconds: number; nonce: string },
): Promise<Exclude<DeviceLeaseResult, { ok: true }>> {
  const detail = problem.detail ?? problem.title;
  // Unsigned on purpose: asking for the PIN grants and ends nothing, so there is nothing to forge.
  if (ACTIVATION_PIN_CODES.includes(problem.code)) {
    return {
      ok: false,
      reason: "pin_required",
      code: problem.code as ActivationPinCode,
      detail,
      isUnusualActivation: problem.unusualActivation === true,
    };
  }
  if (!problem.token) return { ok: false, reason: "bad_request", detail, problem };
  const verified = await verifyPortalToken(
    { token: problem.token },
    { ...verify, audience: DEVICE_REFUSAL_AUDIENCE, requiredClaims: ["iat", "exp", "code"] },
  );
  if ("failure" in verified) return verified.failure;
  const { payload } = verified;
  if (payload.nonce !== nonce) return nonceMismatch();
  const code = payload.code as DeviceRefusalCode;
  return {
    ok: false,
    reason: "refused",
    code,
    detail: typeof payload.detail === "string" ? payload.detail : detail,
    ...(code === "TRANSFER_LIMIT_REACHED" ? { nextTransferAt: readNextTransferAt(problem) } : {}),
  };
}

/** The refusal's unsigned hint of when a seat may move again; a malformed one reads as unknown (null). */
function readNextTransferAt(problem: Problem): Date | null {
  const at = problem.transferLimit?.nextTransferAt;
  const parsed = typeof at === "string" ? new Date(at) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : null;
}

export function nonceMismatch() {
  return badSignature("The signed answer was made for another request (nonce mismatch); it may be a replay.");
}

/** The lease's claims as a `DeviceLease`, once its fingerprint hash is this machine's. */
async function readLease(
  token: string,
  payload: JWTPayload,
  fingerprint: string,
): Promise<{ lease: DeviceLease } | { problem: string }> {
  const { sub, device, product, iat, exp, grace_days: graceDays, fph } = payload;
  if (
    typeof sub !== "string" ||
    typeof device !== "string" ||
    typeof product !== "string" ||
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    typeof graceDays !== "number"
  ) {
    return { problem: "The lease lacks its claims." };
  }
  if (fph !== (await fingerprintHash(sub, fingerprint))) return { problem: "The lease belongs to another device." };
  return {
    lease: {
      token,
      licenseId: sub,
      deviceId: device,
      product,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
      graceEndsAt: new Date(exp * 1000 + graceDays * DAY_MS),
    },
  };
}

export type StoredLeaseReading =
  | { ok: true; lease: DeviceLease }
  | { ok: false; reason: "invalid" | "other_device" | "keys_unavailable"; detail: string };

/**
 * Re-reads a lease kept on disk. Its signature and fingerprint are checked, but not its expiry:
 * a lease past `exp` still says until when it may be trusted offline (`graceEndsAt`).
 */
export async function readStoredLease(
  token: string,
  jwks: JwksCache,
  { fingerprint }: { fingerprint: string },
): Promise<StoredLeaseReading> {
  let payload: unknown;
  try {
    const verified = await compactVerify(token.trim(), jwks.getKey, { algorithms: [...SIGNING_ALGORITHMS] });
    payload = JSON.parse(utf8.decode(verified.payload));
  } catch (error) {
    if (error instanceof JwksUnavailableError)
      return {
        ok: false,
        reason: "keys_unavailable",
        detail: "The portal's signing keys could not be loaded to check the stored lease.",
      };
    return { ok: false, reason: "invalid", detail: "The stored lease is not a genuine lease." };
  }
  if (!isRecord(payload) || payload.aud !== DEVICE_LEASE_AUDIENCE)
    return { ok: false, reason: "invalid", detail: "The stored token is not a device lease." };
  const read = await readLease(token.trim(), payload, fingerprint);
  return "lease" in read
    ? { ok: true, lease: read.lease }
    : { ok: false, reason: "other_device", detail: read.problem };
}
