import type { Executor } from "@/lib/db";
import type { licenses } from "@/lib/db/schema";
import { recordVendorEvent } from "@/lib/notify/vendor-webhooks";
import type { VendorEventType } from "@/lib/validations/vendor-webhooks";

type LicenseRow = typeof licenses.$inferSelect;
type LicenseEventType = Extract<VendorEventType, `license.${string}`>;
export type LicenseChange = Record<string, { from: unknown; to: unknown }>;

/**
 * The vendor webhook for a license event (issue 15): the license's terms as they are now, and for
 * an update what changed. Ids and terms only: never key material, never staff notes.
 */
export function recordLicenseEvent(
  tx: Executor,
  license: LicenseRow,
  type: LicenseEventType,
  { now, change, dedupeKey }: { now: Date; change?: LicenseChange; dedupeKey?: string },
) {
  return recordVendorEvent(tx, { type, now, dedupeKey, data: licenseEventData(license, change) });
}

export function licenseEventData(license: LicenseRow, change?: LicenseChange): Record<string, unknown> {
  return {
    licenseId: license.id,
    customerId: license.orgId,
    productId: license.productId,
    editionId: license.editionId,
    status: license.status,
    seats: license.seats,
    startsAt: license.startsAt.toISOString(),
    expiresAt: license.expiresAt?.toISOString() ?? null,
    ...(change ? { change } : {}),
  };
}
