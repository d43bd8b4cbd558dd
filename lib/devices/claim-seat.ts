import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { devices } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { type Device, holdsSeat, transitionDevice } from "./device-transitions";
import { expireLicenseStaleDevices } from "./expire-stale-devices";
import { recordDeviceEvent } from "./record-device-event";
import { findSeatHolders, type SeatHolder, type SeatLicense } from "./seats";
import { deviceTransfers } from "@/lib/db/schema";
import { findTransferAllowance, findTransferRule, isSeatTransfer, type TransferAllowance } from "./transfer-policy";

export interface NewDevice {
  fingerprintDigest: string;
  name: string;
  platform: string;
  activationMethod: Device["activationMethod"];
}

/** The device itself calling: from which network, with which license key (null for offline files). */
export interface DeviceSighting {
  networkDigest: string | null;
  licenseKeyId: string | null;
  /** The client's version, when it reports one: shown on the adoption view (issue 16, item 9). */
  clientVersion?: string | null;
}

export type SeatClaim =
  | { isGranted: true; device: Device; isNew: boolean }
  /** `transferLimit` is set when a seat is free but moving it would pass the edition's transfer limit. */
  | { isGranted: false; holders: SeatHolder[]; transferLimit: TransferAllowance | null };

/**
 * Gives a device a seat on a license locked with `lockLicenseSeats`: a device already holding one
 * keeps it, a returning device (inactive or deactivated) is reactivated, and an unknown one is
 * added, while seats are free. Devices past the heartbeat policy are expired first, so their
 * seats count as free. `seen` is set when the device itself is calling (not the customer in the
 * portal): it becomes the device's last-seen time, with the keyed digest of its network. A seat
 * moving to another device counts against the edition's transfer limit (transfer-policy.ts) and is
 * refused past it.
 */
export async function claimSeat(
  tx: Tx,
  ctx: Ctx,
  license: SeatLicense,
  {
    device,
    newDevice,
    seen = null,
    reason,
  }: { device: Device | null; newDevice?: NewDevice; seen?: DeviceSighting | null; reason?: string },
): Promise<SeatClaim> {
  const now = ctx.now();
  if (device && holdsSeat(device))
    return { isGranted: true, device: await markSeen(tx, device, seen, now), isNew: false };
  await expireLicenseStaleDevices(tx, ctx, license);
  const holders = await findSeatHolders(tx, license.id);
  if (holders.length >= license.seats) return { isGranted: false, holders, transferLimit: null };
  const rule = await findTransferRule(tx, license.editionId);
  const isLimitedTransfer =
    rule.maxDeviceTransfers !== null &&
    (await isSeatTransfer(tx, { licenseId: license.id, seats: license.seats, device }));
  if (isLimitedTransfer) {
    const allowance = await findTransferAllowance(tx, { licenseId: license.id, rule, now });
    if (allowance && allowance.left === 0) return { isGranted: false, holders, transferLimit: allowance };
  }
  const recordTransfer = async (moved: Device) => {
    if (isLimitedTransfer)
      await tx.insert(deviceTransfers).values({ licenseId: license.id, deviceId: moved.id, transferredAt: now });
    return moved;
  };
  if (device) {
    const reactivated = await transitionDevice(tx, ctx, device, "active", { orgId: license.orgId, reason });
    await recordTransfer(reactivated);
    return { isGranted: true, device: await markSeen(tx, reactivated, seen, now), isNew: false };
  }
  if (!newDevice) throw new NotFound("Device not found.");
  const [created] = await tx
    .insert(devices)
    .values({
      licenseId: license.id,
      ...newDevice,
      status: "active",
      activatedAt: now,
      lastSeenAt: seen ? now : null,
      lastNetworkDigest: seen?.networkDigest ?? null,
      lastKeyId: seen?.licenseKeyId ?? null,
      lastKeyAt: seen?.licenseKeyId ? now : null,
      clientVersion: seen?.clientVersion ?? null,
      createdAt: now,
    })
    .returning();
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: license.orgId,
    action: "device.activated",
    subjectType: "license",
    subjectId: license.id,
    reason,
    data: {
      deviceId: created!.id,
      name: created!.name,
      platform: created!.platform,
      method: created!.activationMethod,
    },
  });
  await recordDeviceEvent(tx, created!, { orgId: license.orgId, now, isReactivated: false });
  return { isGranted: true, device: await recordTransfer(created!), isNew: true };
}

async function markSeen(tx: Tx, device: Device, seen: DeviceSighting | null, now: Date): Promise<Device> {
  if (!seen) return device;
  const isNewKey = seen.licenseKeyId !== null && seen.licenseKeyId !== device.lastKeyId;
  const [updated] = await tx
    .update(devices)
    .set({
      lastSeenAt: now,
      lastNetworkDigest: seen.networkDigest ?? device.lastNetworkDigest,
      // The adoption view of a rotation (issue 16, item 9): which key this device is on, since when.
      ...(isNewKey ? { lastKeyId: seen.licenseKeyId, lastKeyAt: now } : {}),
      ...(seen.clientVersion ? { clientVersion: seen.clientVersion } : {}),
    })
    .where(eq(devices.id, device.id))
    .returning();
  return updated!;
}
