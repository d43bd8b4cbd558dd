import { and, count, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices, rotations } from "@/lib/db/schema";
import { holdsSeatSql } from "@/lib/devices";
import type { Rotation } from "./rotation-transitions";

/** Which key a device last presented, seen from the rotation under way. */
export type AdoptedKey = "new" | "old" | "unknown";

type RotationKeys = Pick<Rotation, "oldKeyId" | "newKeyId">;

/** One rule for the adoption view and the notices: a device is on the key it last presented. */
export function adoptedKeyOf(lastKeyId: string | null, rotation: RotationKeys): AdoptedKey {
  if (lastKeyId !== null && lastKeyId === rotation.newKeyId) return "new";
  if (lastKeyId !== null && lastKeyId === rotation.oldKeyId) return "old";
  return "unknown";
}

/**
 * `adoptedKeyOf(...) !== "new"` for a query joining devices to rotations: before the new key is
 * out, every device still needs it; after, those whose last key is another one.
 */
export function stillNeedsNewKeySql(): SQL {
  return or(isNull(rotations.newKeyId), sql`${devices.lastKeyId} is distinct from ${rotations.newKeyId}`)!;
}

/** How many of a license's seated devices are on each key of its rotation. */
export interface KeyAdoptionCount {
  onNewKey: number;
  onOldKey: number;
  notSeen: number;
  /** Every device holding a seat: all of them need the new key before the old one stops. */
  seated: number;
}

/**
 * The adoption counts of many rotations in one statement (the worker notices a fleet at a time,
 * issue 16 item 9): seated devices grouped by the key they last presented. A rotation whose new
 * key is not out yet counts every seated device as still needing it.
 */
export async function countKeyAdoption(
  db: Executor,
  batch: readonly (Pick<Rotation, "id" | "licenseId"> & RotationKeys)[],
): Promise<Map<string, KeyAdoptionCount>> {
  const counts = new Map(batch.map((rotation) => [rotation.id, { onNewKey: 0, onOldKey: 0, notSeen: 0, seated: 0 }]));
  if (batch.length === 0) return counts;
  const grouped = await db
    .select({ licenseId: devices.licenseId, lastKeyId: devices.lastKeyId, devices: count() })
    .from(devices)
    .where(and(inArray(devices.licenseId, [...new Set(batch.map((rotation) => rotation.licenseId))]), holdsSeatSql()))
    .groupBy(devices.licenseId, devices.lastKeyId);
  const FIELD: Record<AdoptedKey, "onNewKey" | "onOldKey" | "notSeen"> = {
    new: "onNewKey",
    old: "onOldKey",
    unknown: "notSeen",
  };
  for (const rotation of batch) {
    const tally = counts.get(rotation.id)!;
    for (const group of grouped.filter(({ licenseId }) => licenseId === rotation.licenseId)) {
      tally[FIELD[adoptedKeyOf(group.lastKeyId, rotation)]] += group.devices;
      tally.seated += group.devices;
    }
  }
  return counts;
}
