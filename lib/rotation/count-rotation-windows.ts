import { and, count, countDistinct, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices, licenses, products, rotations } from "@/lib/db/schema";
import { holdsSeatSql } from "@/lib/devices";
import { stillNeedsNewKeySql } from "./count-key-adoption";
import { UPCOMING_ROTATION_STATES } from "./rotation-transitions";

export interface RotationWindowCount {
  licenseCount: number;
  /** Devices holding a seat on those licenses that have not presented their new key yet. */
  devicesToUpdate: number;
  /** Most first. */
  products: { productName: string; licenseCount: number }[];
}

export const rotationWindowKey = (orgId: string, scheduledFor: Date) => `${orgId}/${scheduledFor.toISOString()}`;

/**
 * How many scheduled rotations still ahead each organisation has at each of the given moments (a
 * rotation window opening), per product, and how many of their seated devices still need the new
 * key (issue 16 item 9, the same rule as the single notice's countKeyAdoption): what a digest
 * notice tells. Keyed by rotationWindowKey.
 */
export async function countUpcomingRotationWindows(
  db: Executor,
  windows: readonly { orgId: string; scheduledFor: Date }[],
): Promise<Map<string, RotationWindowCount>> {
  if (windows.length === 0) return new Map();
  const rows = await db
    .select({
      orgId: licenses.orgId,
      scheduledFor: rotations.scheduledFor,
      productName: products.name,
      licenseCount: countDistinct(rotations.id),
      devicesToUpdate: count(devices.id),
    })
    .from(rotations)
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .leftJoin(devices, and(eq(devices.licenseId, rotations.licenseId), holdsSeatSql(), stillNeedsNewKeySql()))
    .where(
      and(
        eq(rotations.kind, "scheduled"),
        inArray(rotations.state, UPCOMING_ROTATION_STATES),
        inArray(licenses.orgId, [...new Set(windows.map(({ orgId }) => orgId))]),
        inArray(rotations.scheduledFor, [
          ...new Map(windows.map(({ scheduledFor }) => [scheduledFor.getTime(), scheduledFor])).values(),
        ]),
      ),
    )
    .groupBy(licenses.orgId, rotations.scheduledFor, products.name);
  const counts = new Map<string, RotationWindowCount>();
  for (const { orgId, scheduledFor, productName, licenseCount, devicesToUpdate } of rows) {
    const key = rotationWindowKey(orgId, scheduledFor);
    const window = counts.get(key) ?? { licenseCount: 0, devicesToUpdate: 0, products: [] };
    window.licenseCount += licenseCount;
    window.devicesToUpdate += devicesToUpdate;
    window.products.push({ productName, licenseCount });
    counts.set(key, window);
  }
  for (const window of counts.values())
    window.products.sort((a, b) => b.licenseCount - a.licenseCount || a.productName.localeCompare(b.productName));
  return counts;
}
