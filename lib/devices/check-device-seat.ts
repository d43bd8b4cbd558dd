import { and, count, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices } from "@/lib/db/schema";
import { findDeviceByDigest, seatsFullCode } from "./seats";
import { holdsSeat } from "./device-transitions";

/**
 * What online validation says about a device: an active one passes (null). Otherwise a free seat
 * means it only needs activating; full seats say how to free one (a node-locked license held by
 * another machine is a fingerprint mismatch). Read-only: validation never takes a seat.
 */
export async function checkDeviceSeat(
  db: Executor,
  { licenseId, seats, fingerprintDigest }: { licenseId: string; seats: number; fingerprintDigest: string },
): Promise<"NOT_ACTIVATED" | "TOO_MANY_DEVICES" | "FINGERPRINT_MISMATCH" | null> {
  const device = await findDeviceByDigest(db, licenseId, fingerprintDigest);
  if (device && holdsSeat(device)) return null;
  const [active] = await db
    .select({ n: count() })
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), eq(devices.status, "active")));
  return (active?.n ?? 0) < seats ? "NOT_ACTIVATED" : seatsFullCode(seats);
}
