import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices } from "@/lib/db/schema";

/**
 * Notes the license key a device presented, when it is not the one on record: the adoption view
 * of a rotation reads it (issue 16, item 9). Once per device per key, so the hot validation path
 * writes at most once per device and rotation.
 */
export async function recordDeviceKey(
  db: Executor,
  { deviceId, licenseKeyId, at }: { deviceId: string; licenseKeyId: string; at: Date },
): Promise<void> {
  await db
    .update(devices)
    .set({ lastKeyId: licenseKeyId, lastKeyAt: at })
    .where(and(eq(devices.id, deviceId), or(isNull(devices.lastKeyId), ne(devices.lastKeyId, licenseKeyId))));
}
