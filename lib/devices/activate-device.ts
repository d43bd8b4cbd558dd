import type { Ctx } from "@/lib/context";
import type { ActivateDeviceRequest, DeviceLeaseResponse } from "@/lib/validations/api";
import { fingerprintHash } from "@/packages/sdk/src/fingerprint-hash";
import { claimSeat } from "./claim-seat";
import { describeDevice, lockLicenseForClient, refuse, type ClientLicense, type DeviceApiDeps } from "./client-license";
import type { Device } from "./device-transitions";
import { signDeviceLease } from "./device-tokens";
import { onlineFingerprintDigest } from "./fingerprint-digest";
import { networkDigest } from "./network";
import { recordActivationAttempt } from "./record-activation-attempt";
import { findDeviceByDigest, seatsFullCode } from "./seats";
import { sendAnomalyNotices } from "./send-anomaly-notices";

/** Where the call came from: only a keyed hash of its network is ever kept. */
export interface ApiCaller {
  ip: string;
}

export const UNNAMED_DEVICE = "Unnamed device";

/**
 * Client software binds this machine to the license: a new device takes a free seat, a known one
 * keeps (or, when it had lost it, takes back) its seat, and either way gets a fresh lease. Full
 * seats are refused with TOO_MANY_DEVICES and how to free one. All of it runs behind the license
 * row lock, so the last free seat goes to exactly one of many simultaneous callers. Every attempt
 * counts toward anomaly flags, which are raised and sent but never refuse anything.
 */
export async function activateDevice(ctx: Ctx, input: ActivateDeviceRequest, { caller, ...deps }: DeviceApiDeps & { caller: ApiCaller }): Promise<DeviceLeaseResponse & { isNew: boolean }> {
  const now = ctx.now();
  const fingerprintDigest = onlineFingerprintDigest(deps.hasher, input.fingerprint);
  const seenFrom = networkDigest(deps.hasher, caller.ip);
  const { client, claim, raised } = await ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, { hasher: deps.hasher, now, portalUrl: deps.portalUrl });
    const device = (await findDeviceByDigest(tx, client.license.id, fingerprintDigest)) ?? null;
    const claim = await claimSeat(tx, ctx, client.license, {
      device,
      newDevice: { fingerprintDigest, name: input.name ?? UNNAMED_DEVICE, platform: input.platform ?? "unknown", activationMethod: "online" },
      seen: { networkDigest: seenFrom },
      reason: "activated from the device",
    });
    const raised = await recordActivationAttempt(tx, ctx, client.license, { fingerprintDigest, networkDigest: seenFrom, isGranted: claim.isGranted });
    return { client, claim, raised };
  });
  await sendAnomalyNotices(ctx.db, raised, { mailer: deps.mailer, portalUrl: deps.portalUrl, now });
  if (!claim.isGranted) throw refuse(seatsFullCode(client.license.seats), client, deps.portalUrl);
  return { ...(await leaseFor(client, claim.device, input, { ...deps, now })), isNew: claim.isNew };
}

/** The answer to a granted activation or heartbeat: the device and its signed lease. */
export async function leaseFor(
  client: ClientLicense,
  device: Device,
  { fingerprint, nonce }: { fingerprint: string; nonce?: string },
  { signer, issuer, now }: Pick<DeviceApiDeps, "signer" | "issuer"> & { now: Date },
): Promise<DeviceLeaseResponse> {
  const lease = await signDeviceLease(
    { signer, issuer, now },
    { license: client.license, productCode: client.productCode, deviceId: device.id, fingerprintHash: await fingerprintHash(client.license.id, fingerprint), nonce: nonce ?? null },
  );
  return { device: describeDevice(device), lease: { token: lease.token, expiresAt: lease.expiresAt.toISOString(), graceEndsAt: lease.graceEndsAt.toISOString() } };
}
