import { and, count, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices } from "@/lib/db/schema";
import { findDeviceByDigest, seatsFullCode } from "./seats";
import { holdsSeat, holdsSeatSql } from "./device-transitions";

/**
 * What online validation says about a device: an active one passes (no refusal). Otherwise a free
 * seat means it only needs activating; full seats say how to free one (a node-locked license held
 * by another machine is a fingerprint mismatch). Read-only: validation never takes a seat. A
 * passing device comes back with the key and client version it last presented, so the caller can
 * note a new one.
 */
export async function checkDeviceSeat(
  db: Executor,
  { licenseId, seats, fingerprintDigest }: { licenseId: string; seats: number; fingerprintDigest: string },
): Promise<
  | { refusal: "NOT_ACTIVATED" | "TOO_MANY_DEVICES" | "FINGERPRINT_MISMATCH"; device: null }
  | { refusal: null; device: { id: string; lastKeyId: string | null; clientVersion: string | null } }
> {
  const device = await findDeviceByDigest(db, licenseId, fingerprintDigest);
  if (device && holdsSeat(device))
    return {
      refusal: null,
      device: { id: device.id, lastKeyId: device.lastKeyId, clientVersion: device.clientVersion },
    };
  const [active] = await db
    .select({ n: count() })
    .from(devices)
    .where(and(eq(devices.licenseId, licenseId), holdsSeatSql()));
  return { refusal: (active?.n ?? 0) < seats ? "NOT_ACTIVATED" : seatsFullCode(seats), device: null };
}
