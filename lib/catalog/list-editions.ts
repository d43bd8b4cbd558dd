import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { editionFeatures, editions, editionUsageQuotas, features, products } from "@/lib/db/schema";

/**
 * Editions with their defaults and entitlements, of one product or of all: what the product page
 * shows and what the new-license form offers (its defaults fill seats, term and grace).
 */
export async function listEditions(db: Executor, { productId }: { productId?: string } = {}) {
  const rows = await db
    .select({
      id: editions.id,
      code: editions.code,
      name: editions.name,
      productId: products.id,
      productName: products.name,
      defaultSeats: editions.defaultSeats,
      defaultTermDays: editions.defaultTermDays,
      defaultOfflineGraceDays: editions.defaultOfflineGraceDays,
      seatModel: editions.seatModel,
      requireSeatToken: editions.requireSeatToken,
      floatingLeaseMinutes: editions.floatingLeaseMinutes,
      maxBorrowDays: editions.maxBorrowDays,
      maxDeviceTransfers: editions.maxDeviceTransfers,
      deviceTransferPeriodDays: editions.deviceTransferPeriodDays,
      overageStrategy: editions.overageStrategy,
      expiryStrategy: editions.expiryStrategy,
      featuresAfterExpiry: editions.featuresAfterExpiry,
    })
    .from(editions)
    .innerJoin(products, eq(products.id, editions.productId))
    .where(productId ? eq(editions.productId, productId) : undefined)
    .orderBy(asc(products.name), asc(editions.name));
  const granted =
    rows.length === 0
      ? []
      : await db
          .select({ editionId: editionFeatures.editionId, code: features.code })
          .from(editionFeatures)
          .innerJoin(features, eq(features.id, editionFeatures.featureId))
          .where(
            inArray(
              editionFeatures.editionId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(features.code));
  const quotas =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(editionUsageQuotas)
          .where(
            inArray(
              editionUsageQuotas.editionId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(editionUsageQuotas.meter));
  return rows.map((row) => ({
    ...row,
    entitlements: granted.filter((grant) => grant.editionId === row.id).map((grant) => grant.code),
    usageQuotas: quotas
      .filter((quota) => quota.editionId === row.id)
      .map(({ meter, amount, period }) => ({ meter, amount, period })),
  }));
}

export type EditionSummary = Awaited<ReturnType<typeof listEditions>>[number];
