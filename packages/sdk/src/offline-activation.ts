/**
 * Activation for air-gapped machines, carried by files: the app writes an activation request
 * (key prefix, hashed fingerprint, nonce), the customer uploads it in the portal and brings back a
 * signed license file bound to this machine. Deactivation is the same in reverse: the app deletes
 * its file and writes a deactivation request; the portal answers with a signed receipt. Nothing in
 * a request can be used as a key or reveals the fingerprint.
 */
import { base64url, errors, jwtVerify, type JSONWebKeySet } from "jose";
import {
  DEACTIVATION_RECEIPT_AUDIENCE,
  OFFLINE_ACTIVATION_REQUEST_FORMAT,
  OFFLINE_DEACTIVATION_REQUEST_FORMAT,
  OFFLINE_REQUEST_VERSION,
  offlineFingerprintSalt,
  type OfflineActivationRequest,
  type OfflineDeactivationRequest,
} from "./device-protocol.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import {
  createJwksCache,
  JwksUnavailableError,
  SIGNING_ALGORITHMS,
  UnknownKeyIdError,
  type JwksCache,
} from "./jwks-cache.ts";
import { parseLicenseKeyPrefix } from "./license-key-prefix.ts";
import { verifyLicenseFile, type LicenseFileResult, type VerifyLicenseFileOptions } from "./verify-license-file.ts";

const newNonce = () => base64url.encode(crypto.getRandomValues(new Uint8Array(16)));

function keyPrefixOf(key: string): string {
  const prefix = parseLicenseKeyPrefix(key);
  if (!prefix) throw new RangeError("That is not a Rekey license key.");
  return prefix;
}

/**
 * Write the result to a file (see `offlineRequestFile`) and keep it: `verifyOfflineActivation`
 * needs its nonce. Throws a RangeError when `key` is not shaped like a license key.
 */
export async function createOfflineActivationRequest({
  key,
  fingerprint,
  product,
  name,
  platform,
  now = () => new Date(),
}: {
  key: string;
  fingerprint: string;
  product: string;
  name?: string;
  platform?: string;
  now?: () => Date;
}): Promise<OfflineActivationRequest> {
  return {
    format: OFFLINE_ACTIVATION_REQUEST_FORMAT,
    version: OFFLINE_REQUEST_VERSION,
    product,
    keyPrefix: keyPrefixOf(key),
    fingerprintHash: await fingerprintHash(offlineFingerprintSalt(product), fingerprint),
    nonce: newNonce(),
    ...(name ? { name } : {}),
    ...(platform ? { platform } : {}),
    createdAt: now().toISOString(),
  };
}

/** The request as the file the customer carries to the portal. */
export function offlineRequestFile(request: OfflineActivationRequest | OfflineDeactivationRequest): string {
  return `${JSON.stringify(request, null, 2)}\n`;
}

export type OfflineActivationResult = LicenseFileResult | { valid: false; code: "REQUEST_MISMATCH"; detail: string };

/**
 * Checks the license file the portal gave for `request`: genuine, for this product, bound to this
 * machine, and the answer to this very request (its nonce). Store the file once this says VALID,
 * then check it with `verifyLicenseFile` on every start.
 */
export async function verifyOfflineActivation(
  file: string,
  jwks: JSONWebKeySet | JwksCache,
  {
    request,
    fingerprint,
    ...options
  }: Omit<VerifyLicenseFileOptions, "product" | "fingerprint"> & {
    request: OfflineActivationRequest;
    fingerprint: string;
  },
): Promise<OfflineActivationResult> {
  const result = await verifyLicenseFile(file, jwks, { ...options, fingerprint, product: request.product });
  if (result.claims && result.claims.nonce !== request.nonce) {
    return {
      valid: false,
      code: "REQUEST_MISMATCH",
      detail:
        "This license file answers a different activation request. Upload this machine's latest request file in the portal and use the file it gives you.",
    };
  }
  return result;
}

/** Codes that still prove the file is this machine's: a file past its date can still give its seat back. */
const RELEASABLE: LicenseFileResult["code"][] = ["VALID", "EXPIRED", "NOT_YET_VALID", "CLOCK_ROLLBACK", "REVOKED"];

export type OfflineDeactivationRequestResult =
  | { ok: true; request: OfflineDeactivationRequest }
  | { ok: false; detail: string };

/**
 * The deactivation request for this machine's offline license file. Delete the file before showing
 * the request to the user: the request is the promise that this machine no longer uses its seat.
 */
export async function createOfflineDeactivationRequest(
  licenseFile: string,
  jwks: JSONWebKeySet | JwksCache,
  { fingerprint, now = () => new Date() }: { fingerprint: string; now?: () => Date },
): Promise<OfflineDeactivationRequestResult> {
  const checked = await verifyLicenseFile(licenseFile, jwks, { fingerprint, now });
  if (!RELEASABLE.includes(checked.code) || !checked.claims) return { ok: false, detail: checked.detail };
  const { claims } = checked;
  if (!claims.device || !claims.fph || !claims.fph_salt)
    return {
      ok: false,
      detail:
        "This license file was not issued by offline activation; deactivate this device from the app while online, or in the portal.",
    };
  return {
    ok: true,
    request: {
      format: OFFLINE_DEACTIVATION_REQUEST_FORMAT,
      version: OFFLINE_REQUEST_VERSION,
      license: claims.sub,
      device: claims.device,
      fingerprintHash: claims.fph,
      nonce: newNonce(),
      createdAt: now().toISOString(),
    },
  };
}

export type DeactivationReceiptResult =
  | { valid: true; deviceId: string; deactivatedAt: Date }
  | { valid: false; detail: string };

/** Checks the receipt the portal gave for `request`: genuine, for that device, and for that very request. */
export async function verifyDeactivationReceipt(
  receipt: string,
  jwks: JSONWebKeySet | JwksCache,
  { request, now = () => new Date() }: { request: OfflineDeactivationRequest; now?: () => Date },
): Promise<DeactivationReceiptResult> {
  const keys = "getKey" in jwks ? jwks : createJwksCache({ jwks });
  try {
    const { payload } = await jwtVerify(receipt.trim(), keys.getKey, {
      audience: DEACTIVATION_RECEIPT_AUDIENCE,
      algorithms: [...SIGNING_ALGORITHMS],
      currentDate: now(),
      requiredClaims: ["deactivated_at"],
    });
    const isForRequest =
      payload.sub === request.license &&
      payload.device === request.device &&
      payload.fph === request.fingerprintHash &&
      payload.nonce === request.nonce;
    if (!isForRequest || typeof payload.deactivated_at !== "number")
      return { valid: false, detail: "This receipt is for another deactivation request." };
    return { valid: true, deviceId: request.device, deactivatedAt: new Date(payload.deactivated_at * 1000) };
  } catch (error) {
    if (error instanceof JwksUnavailableError)
      return { valid: false, detail: "The portal's signing keys could not be loaded to check the receipt." };
    if (error instanceof errors.JOSEError || error instanceof UnknownKeyIdError)
      return { valid: false, detail: "This is not a genuine deactivation receipt from the portal." };
    throw error;
  }
}
