import { asc, desc, eq, isNull } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { deviceAnomalyFlags, editions, licenses, organizations, products } from "@/lib/db/schema";

/** Open anomaly flags across every customer, oldest first: the staff queue. */
export async function listOpenAnomalyFlags(ctx: StaffCtx, { limit = 100 }: { limit?: number } = {}) {
  return ctx.db
    .select({
      id: deviceAnomalyFlags.id,
      kind: deviceAnomalyFlags.kind,
      observed: deviceAnomalyFlags.observed,
      threshold: deviceAnomalyFlags.threshold,
      windowMinutes: deviceAnomalyFlags.windowMinutes,
      raisedAt: deviceAnomalyFlags.raisedAt,
      lastObservedAt: deviceAnomalyFlags.lastObservedAt,
      licenseId: licenses.id,
      seats: licenses.seats,
      orgName: organizations.name,
      productName: products.name,
      editionName: editions.name,
    })
    .from(deviceAnomalyFlags)
    .innerJoin(licenses, eq(licenses.id, deviceAnomalyFlags.licenseId))
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(isNull(deviceAnomalyFlags.resolvedAt))
    .orderBy(asc(deviceAnomalyFlags.raisedAt), desc(deviceAnomalyFlags.observed))
    .limit(limit);
}
