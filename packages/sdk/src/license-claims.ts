/**
 * The claims inside a signed license file, format version 1. The portal signs exactly this shape;
 * times are seconds since the epoch (RFC 7519 §2 NumericDate).
 */
import { isRecord } from "./is-record";

/** The only license file format this SDK understands; newer files need a newer SDK. */
export const LICENSE_FILE_VERSION = 1;

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
  ver: typeof LICENSE_FILE_VERSION;
  edition: string;
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
}

export type ClaimsReading =
  | { isReadable: true; claims: LicenseClaims }
  | { isReadable: false; code: "MALFORMED" | "UNSUPPORTED_VERSION"; reason: string };

/** Checks the payload of a verified license file against the version 1 shape. */
export function readLicenseClaims(payload: unknown): ClaimsReading {
  if (!isRecord(payload)) return malformed("the payload is not a JSON object");
  // The version is checked before the shape, because a newer format may have a different shape.
  if (!Number.isInteger(payload.ver)) return malformed('"ver" is missing');
  if (payload.ver !== LICENSE_FILE_VERSION) {
    return { isReadable: false, code: "UNSUPPORTED_VERSION", reason: `format version ${String(payload.ver)}` };
  }
  const invalidClaim = findInvalidClaim(payload);
  if (invalidClaim) return malformed(`"${invalidClaim}" is missing or has the wrong type`);
  return { isReadable: true, claims: payload as unknown as LicenseClaims };
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
  ver: (value) => value === LICENSE_FILE_VERSION,
  edition: isString,
  seats: isCount,
  entitlements: (value) => Array.isArray(value) && value.every(isString),
  grace_days: isCount,
  license_expires_at: (value) => value === null || isSeconds(value),
  fph: isOptionalString,
  fph_salt: isOptionalString,
  device: isOptionalString,
  nonce: isOptionalString,
};

function findInvalidClaim(payload: Record<string, unknown>): string | undefined {
  return Object.entries(CLAIM_CHECKS).find(([claim, isValid]) => !isValid(payload[claim]))?.[0];
}

function malformed(reason: string): ClaimsReading {
  return { isReadable: false, code: "MALFORMED", reason };
}
