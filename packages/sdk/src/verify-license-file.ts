/**
 * Offline check of a signed license file: everything a client can decide without the portal.
 * Checks run from "is this a file from the portal at all" to "is it still in time", so the code
 * returned names the first thing the user has to fix.
 */
import { errors, type JSONWebKeySet } from "jose";
import { verifyCompactJws } from "#runtime-crypto";
import { checkClockRollback, type LastSeenTimeStorage } from "./check-clock-rollback.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { createJwksCache, JwksUnavailableError, UnknownKeyIdError, type JwksCache } from "./jwks-cache.ts";
import {
  LICENSE_FILE_VERSION,
  readLicenseClaims,
  SUPPORTED_LICENSE_FILE_VERSIONS,
  type LicenseClaims,
} from "./license-claims.ts";
import { isRevokedBy, type RevocationSource } from "./revocation-list.ts";

const DAY_MS = 86_400_000;
const utf8 = new TextDecoder();

export interface VerifyLicenseFileOptions {
  /** The clock, as in the app's use cases: tests pass a fixed one. */
  now?: () => Date;
  /** This device's fingerprint; required to accept a device-bound file. */
  fingerprint?: string;
  /** The product code this app is; a file for another product is refused. */
  product?: string;
  /** Enables clock-rollback detection. */
  storage?: LastSeenTimeStorage;
  /** How far the device clock may disagree with the portal's, for `nbf` and rollback. */
  clockSkewSeconds?: number;
  /** A `createRevocationSync` object or a list of feed entries: a revoked license is refused offline. */
  revocations?: RevocationSource;
}

export type LicenseFileCode =
  | "VALID"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "FINGERPRINT_MISMATCH"
  | "PRODUCT_MISMATCH"
  | "UNSUPPORTED_VERSION"
  | "CLOCK_ROLLBACK"
  | "REVOKED"
  | "INVALID_SIGNATURE"
  | "MALFORMED"
  | "UNKNOWN_KEY_ID"
  | "KEYS_UNAVAILABLE";

/** `detail` is a sentence for the user saying what to do next. */
export type LicenseFileResult =
  | { valid: true; code: "VALID"; detail: string; claims: LicenseClaims; inGrace: false }
  | { valid: true; code: "VALID"; detail: string; claims: LicenseClaims; inGrace: true; graceEndsAt: Date }
  | { valid: false; code: Exclude<LicenseFileCode, "VALID">; detail: string; claims?: LicenseClaims };

type Rejection = Extract<LicenseFileResult, { valid: false }>;

const SIGNATURE_FAILURE_DETAILS = {
  MALFORMED: "This is not a readable license file. Download it again from the portal.",
  INVALID_SIGNATURE: "This license file is damaged or has been altered. Download it again from the portal.",
  UNKNOWN_KEY_ID:
    "This license file was signed with a key this app does not know yet. Connect to the internet once, or update the app.",
  KEYS_UNAVAILABLE:
    "The license could not be checked because the portal's signing keys could not be loaded. Check the internet connection and try again.",
} as const;

/**
 * Verifies a license file against the portal's keys: a JWKS object shipped with the app, or a
 * `JwksCache` that can fetch keys published after the app was built.
 */
export async function verifyLicenseFile(
  file: string,
  jwks: JSONWebKeySet | JwksCache,
  {
    now = () => new Date(),
    fingerprint,
    product,
    storage,
    clockSkewSeconds = 300,
    revocations,
  }: VerifyLicenseFileOptions = {},
): Promise<LicenseFileResult> {
  const keys = resolveJwksCache(jwks);
  const verified = await verifySignedPayload(file, keys);
  if ("failure" in verified) return reject(verified.failure, SIGNATURE_FAILURE_DETAILS[verified.failure]);

  const reading = readLicenseClaims(verified.payload);
  if (!reading.isReadable) {
    return reading.code === "UNSUPPORTED_VERSION"
      ? reject("UNSUPPORTED_VERSION", describeUnsupportedVersion(reading.version))
      : reject("MALFORMED", SIGNATURE_FAILURE_DETAILS.MALFORMED);
  }
  const { claims } = reading;
  // A genuine signature by another product's or edition's key is still a forgery for this file.
  if (!keys.isKeyScopedFor(verified.kid, { product: claims.aud, edition: claims.edition })) {
    return reject("INVALID_SIGNATURE", SIGNATURE_FAILURE_DETAILS.INVALID_SIGNATURE);
  }

  if (product !== undefined && claims.aud !== product) {
    return reject(
      "PRODUCT_MISMATCH",
      `This license file is for "${claims.aud}", not "${product}". Download the license file for this product from the portal.`,
      claims,
    );
  }
  // Before the device and time checks: their advice (activate, refresh) cannot help a revoked license.
  if (revocations && (await isRevokedBy(revocations, { licenseId: claims.sub }))) {
    return reject(
      "REVOKED",
      "This license has been revoked and can no longer be used. Contact the vendor if you think this is a mistake.",
      claims,
    );
  }
  if (await isBoundToAnotherDevice(claims, fingerprint)) {
    return reject(
      "FINGERPRINT_MISMATCH",
      "This license file belongs to another device. Activate this device in the portal and download its license file.",
      claims,
    );
  }

  const checkedAt = now();
  const skewMs = clockSkewSeconds * 1000;
  if (storage && (await checkClockRollback(storage, checkedAt, skewMs)).isRolledBack) {
    return reject(
      "CLOCK_ROLLBACK",
      "This device's clock appears to have been set back. Correct the date and time, then try again.",
      claims,
    );
  }
  if (checkedAt.getTime() < claims.nbf * 1000 - skewMs) {
    return reject(
      "NOT_YET_VALID",
      `This license file only becomes valid on ${formatDay(claims.nbf * 1000)}. Check that this device's date and time are correct.`,
      claims,
    );
  }
  return checkExpiry(claims, checkedAt);
}

/**
 * Grace covers the time a client may run without reaching the portal; it also absorbs clock skew
 * at the expiry end, so `exp` is compared without tolerance (RFC 7519 §4.1.4: reject on or after).
 */
function checkExpiry(claims: LicenseClaims, checkedAt: Date): LicenseFileResult {
  const expiresAtMs = claims.exp * 1000;
  if (checkedAt.getTime() < expiresAtMs)
    return { valid: true, code: "VALID", detail: "The license is valid.", claims, inGrace: false };

  const graceEndsAt = new Date(expiresAtMs + claims.grace_days * DAY_MS);
  const licenseEndsAtMs = claims.license_expires_at === null ? null : claims.license_expires_at * 1000;
  const isLicenseOver = licenseEndsAtMs !== null && licenseEndsAtMs <= checkedAt.getTime();
  if (checkedAt < graceEndsAt) {
    const detail = isLicenseOver
      ? `Your license expired on ${formatDay(licenseEndsAtMs)}. Renew it in the portal; the app keeps working until ${formatDay(graceEndsAt.getTime())}.`
      : `Connect to the internet before ${formatDay(graceEndsAt.getTime())} so the app can refresh its license file.`;
    return { valid: true, code: "VALID", detail, claims, inGrace: true, graceEndsAt };
  }
  const detail = isLicenseOver
    ? `Your license expired on ${formatDay(licenseEndsAtMs)}. Renew it in the portal, then download a new license file.`
    : "This license file is out of date. Connect to the internet so the app can refresh it, or download a new one from the portal.";
  return reject("EXPIRED", detail, claims);
}

/** A file without `fph` runs on any device; one with it only where the fingerprint hashes to it. */
async function isBoundToAnotherDevice(claims: LicenseClaims, fingerprint: string | undefined): Promise<boolean> {
  if (claims.fph === undefined) return false;
  return (
    fingerprint === undefined || (await fingerprintHash(claims.fph_salt ?? claims.sub, fingerprint)) !== claims.fph
  );
}

type SignedPayload = { payload: unknown; kid: string } | { failure: keyof typeof SIGNATURE_FAILURE_DETAILS };

async function verifySignedPayload(file: string, jwks: JwksCache): Promise<SignedPayload> {
  let payloadBytes: Uint8Array;
  let kid = "";
  try {
    // Files read from disk usually end in a newline, which is not part of the JWS.
    payloadBytes = await verifyCompactJws(file.trim(), (header) => {
      kid = String(header.kid);
      return jwks.getKey(header);
    });
  } catch (error) {
    return { failure: classifyVerificationError(error) };
  }
  try {
    return { payload: JSON.parse(utf8.decode(payloadBytes)), kid };
  } catch {
    return { failure: "MALFORMED" };
  }
}

function classifyVerificationError(error: unknown): keyof typeof SIGNATURE_FAILURE_DETAILS {
  if (error instanceof UnknownKeyIdError) return "UNKNOWN_KEY_ID";
  if (error instanceof JwksUnavailableError) return "KEYS_UNAVAILABLE";
  if (error instanceof errors.JWSInvalid) return "MALFORMED";
  if (error instanceof errors.JOSEError) return "INVALID_SIGNATURE";
  throw error;
}

/**
 * Apps typically pass the same bundled JWKS object on every call; remembering a cache per object
 * keeps its imported CryptoKeys instead of importing them again on each check.
 */
const cachesByJwks = new WeakMap<JSONWebKeySet, JwksCache>();

function resolveJwksCache(jwks: JSONWebKeySet | JwksCache): JwksCache {
  if ("getKey" in jwks) return jwks;
  let cache = cachesByJwks.get(jwks);
  if (!cache) {
    cache = createJwksCache({ jwks });
    cachesByJwks.set(jwks, cache);
  }
  return cache;
}

function describeUnsupportedVersion(version: number): string {
  const readable = SUPPORTED_LICENSE_FILE_VERSIONS.join(" and ");
  return version > LICENSE_FILE_VERSION
    ? `This license file uses format version ${version}, which this app cannot read (it reads versions ${readable}). Update the app to use it.`
    : `This license file uses format version ${version}, which is too old for this app (it reads versions ${readable}). Download a new license file from the portal.`;
}

function reject(code: Rejection["code"], detail: string, claims?: LicenseClaims): Rejection {
  return claims ? { valid: false, code, detail, claims } : { valid: false, code, detail };
}

/** A calendar day in UTC: the SDK does not know the user's time zone, the app may reformat. */
function formatDay(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 10)} (UTC)`;
}
