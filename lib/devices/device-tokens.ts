import { candidateScopes, GLOBAL_SCOPE, type SigningService } from "@/lib/signing";
import {
  DEACTIVATION_RECEIPT_AUDIENCE,
  DEVICE_LEASE_AUDIENCE,
  DEVICE_REFUSAL_AUDIENCE,
  type DeviceLeaseClaims,
} from "@rekey/sdk";
import type { DeviceRefused } from "./device-refused";

const DAY_SECONDS = 86_400;
/** A refusal answers one request: like a validation answer, it is only good for five minutes. */
const REFUSAL_TOKEN_SECONDS = 300;

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

interface SignedFor {
  signer: SigningService;
  issuer: string;
  now: Date;
}

interface LeaseLicense {
  id: string;
  productId: string;
  editionId: string;
  deviceLeaseMinutes: number;
  offlineGraceDays: number;
}

/**
 * A device lease: a short-lived JWS saying this device (by id and hashed fingerprint) holds a seat
 * until `exp`, never past `usableUntil` (the license's end, or the end of its expiry grace while it
 * is in it). `grace_days` tells a client that cannot reach the
 * portal how long past `exp` it may keep trusting it (the license's offline grace).
 */
export async function signDeviceLease(
  { signer, issuer, now }: SignedFor,
  {
    license,
    usableUntil,
    productCode,
    deviceId,
    fingerprintHash,
    nonce,
  }: {
    license: LeaseLicense;
    usableUntil: Date | null;
    productCode: string;
    deviceId: string;
    fingerprintHash: string;
    nonce: string | null;
  },
): Promise<{ token: string; expiresAt: Date; graceEndsAt: Date }> {
  const iat = seconds(now);
  const leaseEnd = iat + license.deviceLeaseMinutes * 60;
  const exp = usableUntil ? Math.min(leaseEnd, seconds(usableUntil)) : leaseEnd;
  const claims: DeviceLeaseClaims & { iss: string; aud: string } = {
    iss: issuer,
    aud: DEVICE_LEASE_AUDIENCE,
    sub: license.id,
    device: deviceId,
    fph: fingerprintHash,
    product: productCode,
    iat,
    exp,
    grace_days: license.offlineGraceDays,
    nonce,
  };
  const { token } = await signer.sign({ ...claims }, { scopes: candidateScopes(license.productId, license.editionId) });
  return {
    token,
    expiresAt: new Date(exp * 1000),
    graceEndsAt: new Date((exp + license.offlineGraceDays * DAY_SECONDS) * 1000),
  };
}

/** Proof that a device released its seat, for the device (online) or the customer (offline) to keep. */
export async function signDeactivationReceipt(
  { signer, issuer, now }: SignedFor,
  {
    license,
    deviceId,
    fingerprintHash,
    deactivatedAt,
    nonce,
  }: {
    license: Pick<LeaseLicense, "id" | "productId" | "editionId">;
    deviceId: string;
    fingerprintHash: string;
    deactivatedAt: Date;
    nonce: string | null;
  },
): Promise<string> {
  const claims = {
    iss: issuer,
    aud: DEACTIVATION_RECEIPT_AUDIENCE,
    sub: license.id,
    device: deviceId,
    fph: fingerprintHash,
    deactivated_at: seconds(deactivatedAt),
    iat: seconds(now),
    nonce,
  };
  const { token } = await signer.sign(claims, { scopes: candidateScopes(license.productId, license.editionId) });
  return token;
}

/** Signs a refusal with the request's nonce, so the SDK ends a lease only on a genuine "no". */
export async function signDeviceRefusal(
  { signer, issuer, now }: SignedFor,
  refusal: DeviceRefused,
  nonce: string | null,
): Promise<string> {
  const iat = seconds(now);
  const claims = {
    iss: issuer,
    aud: DEVICE_REFUSAL_AUDIENCE,
    ...(refusal.license ? { sub: refusal.license.id } : {}),
    code: refusal.code,
    detail: refusal.userMessage,
    iat,
    exp: iat + REFUSAL_TOKEN_SECONDS,
    nonce,
  };
  const scopes = refusal.license
    ? candidateScopes(refusal.license.productId, refusal.license.editionId)
    : [GLOBAL_SCOPE];
  const { token } = await signer.sign(claims, { scopes });
  return token;
}
