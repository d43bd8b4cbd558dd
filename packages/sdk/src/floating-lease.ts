/**
 * Floating licenses (issue 18): `checkoutLease` takes one of the license's concurrent seats for
 * this machine, `renewLease` keeps it (call it at half the lease, like a device heartbeat), and
 * `releaseLease` gives it back on exit. `borrowLease` checks the seat out for offline use and
 * returns a signed license file that `verifyLicenseFile` accepts until the borrowing ends. As for
 * devices, a lease is believed only through its signature, nonce and fingerprint hash, and a
 * refusal only when signed.
 */
import { callDeviceApi, nonceMismatch, type DeviceCallOptions, type DeviceLeaseResult } from "./device-lease.ts";
import { FLOATING_LEASE_AUDIENCE } from "./device-protocol.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { isRecord } from "./is-record.ts";
import { badSignature, verifyPortalToken } from "./portal-request.ts";

/** A verified floating lease: this machine holds one seat until `expiresAt`. */
export interface FloatingLease {
  token: string;
  licenseId: string;
  leaseId: string;
  kind: "online" | "borrowed";
  expiresAt: Date;
  /** Seats of the license taken now, this one included, and how many there are. */
  seats: { total: number; taken: number };
  /** Borrowed leases only: the signed license file to keep for offline use (check it with `verifyLicenseFile`). */
  licenseFile?: string;
}

/** `refused` with NO_FLOATING_SEAT: every seat is leased, try again later; other failures as for devices. */
export type FloatingLeaseResult = { ok: true; lease: FloatingLease } | Exclude<DeviceLeaseResult, { ok: true }>;

export type FloatingReleaseResult = { ok: true; leaseId: string } | Exclude<DeviceLeaseResult, { ok: true }>;

/** `name`: who holds the seat, as the portal shows it to the customer's owner (host or user name). */
export function checkoutLease(options: DeviceCallOptions & { name?: string }): Promise<FloatingLeaseResult> {
  return callForFloatingLease("leases/checkout", { name: options.name }, options);
}

/** Renews the seat this machine holds; never takes a new one (NOT_ACTIVATED: check out again). */
export function renewLease(options: DeviceCallOptions): Promise<FloatingLeaseResult> {
  return callForFloatingLease("leases/heartbeat", {}, options);
}

/** Borrows the seat for `days` (up to the edition's maximum); the lease carries a signed `licenseFile`. */
export async function borrowLease(
  options: DeviceCallOptions & { name?: string; days: number },
): Promise<FloatingLeaseResult> {
  const answer = await callForFloatingLease(
    "leases/checkout",
    { name: options.name, borrowDays: options.days },
    options,
  );
  if (answer.ok && !answer.lease.licenseFile) return badSignature("The borrowed lease came without its license file.");
  return answer;
}

/** Gives this machine's seat back, a borrowed one too: the seat is free at once. */
export async function releaseLease(options: DeviceCallOptions): Promise<FloatingReleaseResult> {
  const answer = await callDeviceApi("leases/release", {}, options);
  if (!answer.ok) return answer;
  const lease = isRecord(answer.body.lease) ? answer.body.lease : {};
  return typeof lease.id === "string" ? { ok: true, leaseId: lease.id } : badSignature("The answer lacks the lease.");
}

async function callForFloatingLease(
  endpoint: "leases/checkout" | "leases/heartbeat",
  extra: object,
  options: DeviceCallOptions,
): Promise<FloatingLeaseResult> {
  const answer = await callDeviceApi(endpoint, extra, options);
  if (!answer.ok) return answer;
  const lease = isRecord(answer.body.lease) ? answer.body.lease : {};
  const verified = await verifyPortalToken(lease, {
    ...answer.verify,
    audience: FLOATING_LEASE_AUDIENCE,
    requiredClaims: ["iat", "exp", "sub"],
  });
  if ("failure" in verified) return verified.failure;
  const { payload } = verified;
  if (payload.nonce !== answer.nonce) return nonceMismatch();
  const { sub, lease: leaseId, kind, exp } = payload;
  if (typeof sub !== "string" || typeof leaseId !== "string" || typeof exp !== "number")
    return badSignature("The lease lacks its claims.");
  if (payload.fph !== (await fingerprintHash(sub, options.fingerprint)))
    return badSignature("The lease belongs to another machine.");
  const seats = isRecord(answer.body.seats) ? answer.body.seats : {};
  return {
    ok: true,
    lease: {
      token: String(lease.token),
      licenseId: sub,
      leaseId,
      kind: kind === "borrowed" ? "borrowed" : "online",
      expiresAt: new Date(exp * 1000),
      seats: { total: Number(seats.total), taken: Number(seats.taken) },
      ...(typeof answer.body.licenseFile === "string" ? { licenseFile: answer.body.licenseFile } : {}),
    },
  };
}
