import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import { devices } from "@/lib/db/schema";

/**
 * Notes what a device presented on validation when it differs from the record: the license key
 * (the adoption view of a rotation reads it, issue 16 item 9) and, when the client reports it, its
 * version (shown beside the device there). Once per device and change, so the hot validation path
 * writes at most once per device and rotation or upgrade.
 */
export async function recordDevicePresentation(
  db: Executor,
  {
    deviceId,
    licenseKeyId,
    clientVersion,
    at,
  }: { deviceId: string; licenseKeyId: string; clientVersion?: string; at: Date },
): Promise<void> {
  const isNewKey = isDistinctFrom(devices.lastKeyId, sql`${licenseKeyId}::uuid`);
  await db
    .update(devices)
    .set({
      lastKeyId: licenseKeyId,
      lastKeyAt: sql`case when ${isNewKey} then ${at.toISOString()}::timestamptz else ${devices.lastKeyAt} end`,
      ...(clientVersion ? { clientVersion } : {}),
    })
    .where(
      and(
        eq(devices.id, deviceId),
        clientVersion ? or(isNewKey, isDistinctFrom(devices.clientVersion, sql`${clientVersion}::text`)) : isNewKey,
      ),
    );
}

const isDistinctFrom = (column: AnyPgColumn, value: SQL): SQL => sql`${column} is distinct from ${value}`;
