/**
 * The claims inside a signed license file. The portal signs the current format; times are seconds
 * since the epoch (RFC 7519 §2 NumericDate).
 *
 * Format history (`ver`):
 * - 1: the original claim set.
 * - 2: adds `trial` (a trial license, so the app can say so before it ends). Optional claims added
 *   since, without a new format: `expiry_strategy` and `entitlements_after_expiry` (issue 18).
 *
 * The SDK reads the current and the previous format, so files issued before a portal upgrade keep
 * working until they are refreshed; older files read as the current shape with defaults.
 */
import { isRecord } from "./is-record.ts";
import { EXPIRY_STRATEGIES, type ExpiryStrategy } from "./licensing-models.ts";

/** The format the portal issues now. */
export const LICENSE_FILE_VERSION = 2;
/** Every format this SDK reads: the current one and the one before it. */
export const SUPPORTED_LICENSE_FILE_VERSIONS = [LICENSE_FILE_VERSION - 1, LICENSE_FILE_VERSION] as const;
export type LicenseFileVersion = (typeof SUPPORTED_LICENSE_FILE_VERSIONS)[number];

export interface LicenseClaims {
  /** The portal's URL. */
  iss: string;
  /** The license id (uuid). */
  sub: string;
  /** The product code, e.g. `"studio"`. */
  aud: string;
  iat: number;
  nbf: number;
  /** The license expiry or the refresh horizon, whichever is sooner. */
  exp: number;
  /** The format the file was issued in; a version 1 file reads with `trial: false`. */
  ver: LicenseFileVersion;
  edition: string;
  /** Since format 2: the license is a trial (shorter term, fewer seats). */
  trial: boolean;
  seats: number;
  entitlements: string[];
  /** Days past `exp` an offline client may keep running. */
  grace_days: number;
  /** When the license itself ends; null for perpetual licenses. */
  license_expires_at: number | null;
  /** Present when the file is bound to one device: see `fingerprintHash`. */
  fph?: string;
  /**
   * What `fph` was salted with when it is not the license id: files from offline activation, whose
   * request was made before the device knew its license id (see `offlineFingerprintSalt`).
   */
  fph_salt?: string;
  /** The device id, in files from offline activation: what an offline deactivation names. */
  device?: string;
  /** The offline activation request's nonce, echoed so the file can be matched to its request. */
  nonce?: string;
  /** Borrowed floating seats (issue 18): the lease id; `exp` is the end of the borrowing, and `fph` binds the machine. */
  lease?: string;
  /** True in a borrowed lease's file: the seat returns to the pool at `exp`, with no offline grace. */
  borrowed?: boolean;
  /**
   * What the license does once expired past `grace_days` (issue 18): `revoke_after_grace` stops,
   * `restrict` keeps `entitlements_after_expiry`, `maintain_access` keeps the versions released
   * before `license_expires_at`. Absent in files issued before it: read as `revoke_after_grace`.
   */
  expiry_strategy?: ExpiryStrategy;
  /** With `expiry_strategy` `restrict`: the entitlements that keep working after expiry. */
  entitlements_after_expiry?: string[];
}

export type ClaimsReading =
  | { isReadable: true; claims: LicenseClaims }
  | { isReadable: false; code: "MALFORMED"; reason: string }
  | { isReadable: false; code: "UNSUPPORTED_VERSION"; reason: string; version: number };

/** Checks the payload of a verified license file against the shape of the version it names. */
export function readLicenseClaims(payload: unknown): ClaimsReading {
  if (!isRecord(payload)) return malformed("the payload is not a JSON object");
  // The version is checked before the shape, because another format may have another shape.
  const version = payload.ver;
  if (typeof version !== "number" || !Number.isInteger(version)) return malformed('"ver" is missing');
  if (!isSupportedVersion(version)) {
    return { isReadable: false, code: "UNSUPPORTED_VERSION", reason: `format version ${version}`, version };
  }
  // Version 1 files predate `trial`: a license then could not be a trial.
  const upgraded = version === 1 ? { ...payload, trial: false } : payload;
  const invalidClaim = findInvalidClaim(upgraded);
  if (invalidClaim) return malformed(`"${invalidClaim}" is missing or has the wrong type`);
  return { isReadable: true, claims: upgraded as unknown as LicenseClaims };
}

function isSupportedVersion(version: number): version is LicenseFileVersion {
  return (SUPPORTED_LICENSE_FILE_VERSIONS as readonly number[]).includes(version);
}

const isString = (value: unknown) => typeof value === "string";
const isOptionalString = (value: unknown) => value === undefined || isString(value);
const isSeconds = (value: unknown) => typeof value === "number" && Number.isFinite(value);
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

const CLAIM_CHECKS: Record<keyof LicenseClaims, (value: unknown) => boolean> = {
  iss: isString,
  sub: isString,
  aud: isString,
  iat: isSeconds,
  nbf: isSeconds,
  exp: isSeconds,
  ver: (value) => typeof value === "number" && isSupportedVersion(value),
  edition: isString,
  trial: (value) => typeof value === "boolean",
  seats: isCount,
  entitlements: (value) => Array.isArray(value) && value.every(isString),
  grace_days: isCount,
  license_expires_at: (value) => value === null || isSeconds(value),
  fph: isOptionalString,
  fph_salt: isOptionalString,
  device: isOptionalString,
  nonce: isOptionalString,
  lease: isOptionalString,
  borrowed: (value) => value === undefined || typeof value === "boolean",
  expiry_strategy: (value) => value === undefined || (EXPIRY_STRATEGIES as readonly unknown[]).includes(value),
  entitlements_after_expiry: (value) => value === undefined || (Array.isArray(value) && value.every(isString)),
};

function findInvalidClaim(payload: Record<string, unknown>): string | undefined {
  return Object.entries(CLAIM_CHECKS).find(([claim, isValid]) => !isValid(payload[claim]))?.[0];
}

function malformed(reason: string): ClaimsReading {
  return { isReadable: false, code: "MALFORMED", reason };
}
