import { and, asc, gt, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { recordVendorEvents } from "@/lib/notify/vendor-webhooks";
import { licenseEventData } from "./record-license-event";

const DAY_MS = 86_400_000;
/** A worker down for up to a week still reports the expiries it missed. */
const LOOKBACK_DAYS = 7;

/**
 * Worker step: `license.expired` for the vendor when a license's term ends. A license expires by
 * its date (validation answers EXPIRED from then on), not by a status change, so this step watches
 * the dates. The expiry date names the occurrence: every pass in the look-back sees the license
 * again and queues nothing new, and a license extended and expiring again is reported afresh.
 */
export async function recordLicenseExpiries(
  db: Db,
  { now, limit = 500 }: { now: Date; limit?: number },
): Promise<void> {
  const expired = await db
    .select()
    .from(licenses)
    .where(
      and(
        inArray(licenses.status, ["active", "suspended"]),
        lte(licenses.expiresAt, now),
        gt(licenses.expiresAt, new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(licenses.expiresAt))
    .limit(limit);
  await recordVendorEvents(
    db,
    expired.map((license) => ({
      type: "license.expired" as const,
      now,
      dedupeKey: `${license.id}:${license.expiresAt!.toISOString()}`,
      data: licenseEventData(license),
    })),
  );
}
