import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices, type licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { lockLicense } from "@/lib/licensing/lock-license";
import type { Device } from "./device-transitions";
import { describeTransferLimitReached, type TransferAllowance } from "./transfer-policy";
import { holdsSeatSql } from "./device-transitions";

export type SeatLicense = typeof licenses.$inferSelect;
export type SeatHolder = Pick<Device, "id" | "name" | "lastSeenAt">;

/**
 * Every seat decision on a license (activation, reactivation, a device coming back, expiry) runs
 * behind the license row lock, so twenty simultaneous activations for the last free seat give it
 * to exactly one device.
 */
export const lockLicenseSeats = lockLicense;

/** Devices holding a seat, least recently seen first: the ones worth suggesting to free. */
export function findSeatHolders(db: Executor, licenseId: string): Promise<SeatHolder[]> {
  return db
    .select({ id: devices.id, name: devices.name, lastSeenAt: devices.lastSeenAt })
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), holdsSeatSql()))
    .orderBy(sql`coalesce(${devices.lastSeenAt}, ${devices.activatedAt})`, asc(devices.name));
}

/** A node-locked license (one seat) held by another machine reads better as a mismatch. */
export function seatsFullCode(seats: number): "TOO_MANY_DEVICES" | "FINGERPRINT_MISMATCH" {
  return seats === 1 ? "FINGERPRINT_MISMATCH" : "TOO_MANY_DEVICES";
}

/** One device of one license; another license's device is indistinguishable from a missing one. */
export async function findLicenseDevice(db: Executor, licenseId: string, deviceId: string): Promise<Device> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), eq(devices.id, deviceId)));
  if (!device) throw new NotFound("Device not found.");
  return device;
}

/**
 * What to tell a customer in the portal whose activation got no seat: when the next move is
 * possible under the edition's transfer limit, or which devices to consider freeing.
 */
export function seatRefusalMessage(
  seats: number,
  { holders, transferLimit }: { holders: SeatHolder[]; transferLimit: TransferAllowance | null },
): string {
  if (!transferLimit) return seatsFullMessage(seats, holders);
  return `${describeTransferLimitReached(transferLimit)}; support can grant an exception.`;
}

/** What to tell a customer whose reactivation found every seat taken: which devices to consider freeing. */
function seatsFullMessage(seats: number, holders: SeatHolder[]): string {
  const suggestions = holders
    .slice(0, 3)
    .map(
      (holder) =>
        `${holder.name} (${holder.lastSeenAt ? `last seen ${holder.lastSeenAt.toISOString().slice(0, 10)}` : "never seen"})`,
    )
    .join(", ");
  return `All ${seats} seats are in use. Deactivate a device you no longer use first; the longest unseen: ${suggestions}.`;
}

export function findDeviceByDigest(
  db: Executor,
  licenseId: string,
  fingerprintDigest: string,
): Promise<Device | undefined> {
  return db
    .select()
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), eq(devices.fingerprintDigest, fingerprintDigest)))
    .then((rows) => rows[0]);
}
