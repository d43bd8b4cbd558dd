/**
 * What the portal and this SDK agree on for devices: the audiences that keep one kind of signed
 * token from being accepted as another, the offline request formats, and how an offline device's
 * fingerprint hash is salted. The portal imports these, so the two sides cannot drift apart.
 */

/** A device lease: the portal's signed "this device holds a seat until `exp`". */
export const DEVICE_LEASE_AUDIENCE = "rekey:device-lease";
/** A signed refusal (seats full, deactivated, …), so a forged "no" cannot end a valid lease. */
export const DEVICE_REFUSAL_AUDIENCE = "rekey:device-refusal";
/** A signed receipt that a device released its seat. */
export const DEACTIVATION_RECEIPT_AUDIENCE = "rekey:device-deactivation";

/** A floating lease (issue 18): the portal's signed "this machine holds one concurrent seat until `exp`". */
export const FLOATING_LEASE_AUDIENCE = "rekey:floating-lease";

export const OFFLINE_ACTIVATION_REQUEST_FORMAT = "rekey.offline-activation-request";
export const OFFLINE_DEACTIVATION_REQUEST_FORMAT = "rekey.offline-deactivation-request";
export const OFFLINE_REQUEST_VERSION = 1;

/**
 * An air-gapped client knows its product but not its license id, so an offline request's
 * fingerprint hash is salted with the product: stable across key rotations (a renewed request
 * finds the same device) and still different for every vendor and product.
 */
export function offlineFingerprintSalt(product: string): string {
  return `product:${product}`;
}

/** The claims of a device lease, beside `iss`, `aud`, `iat` and `exp`. */
export interface DeviceLeaseClaims {
  /** The license id. */
  sub: string;
  /** The device id: what heartbeats and deactivation refer to. */
  device: string;
  /** `fingerprintHash(sub, fingerprint)`: binds the lease to one machine. */
  fph: string;
  product: string;
  iat: number;
  exp: number;
  /** Days past `exp` a client that cannot reach the portal may keep using this lease. */
  grace_days: number;
  nonce: string | null;
}

/** The claims of a floating lease, beside `iss`, `aud`, `iat` and `exp`. */
export interface FloatingLeaseClaims {
  /** The license id. */
  sub: string;
  /** The lease id: what the portal lists and an owner may release. */
  lease: string;
  /** `fingerprintHash(sub, fingerprint)`: binds the lease to one machine. */
  fph: string;
  product: string;
  kind: "online" | "borrowed";
  iat: number;
  exp: number;
  nonce: string | null;
}

/** An offline activation request, as the customer uploads it to the portal. */
export interface OfflineActivationRequest {
  format: typeof OFFLINE_ACTIVATION_REQUEST_FORMAT;
  version: typeof OFFLINE_REQUEST_VERSION;
  product: string;
  /** The public start of the license key (`RK-7F3Q`): names the license, cannot be used as a key. */
  keyPrefix: string;
  /** `fingerprintHash(offlineFingerprintSalt(product), fingerprint)`. */
  fingerprintHash: string;
  /** Comes back inside the license file, tying the answer to this request. */
  nonce: string;
  name?: string;
  platform?: string;
  createdAt: string;
}

/** An offline deactivation request: names the device and proves it is that machine's file. */
export interface OfflineDeactivationRequest {
  format: typeof OFFLINE_DEACTIVATION_REQUEST_FORMAT;
  version: typeof OFFLINE_REQUEST_VERSION;
  license: string;
  device: string;
  fingerprintHash: string;
  nonce: string;
  createdAt: string;
}
