import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, licenses, organizations, products } from "@/lib/db/schema";
import type { LicenseListQuery } from "@/lib/validations/management";
import { afterCursor, decodeCursor, pageOf } from "./cursor";

const licenseColumns = {
  id: licenses.id,
  customerId: licenses.orgId,
  customerName: organizations.name,
  productId: licenses.productId,
  productCode: products.code,
  editionId: licenses.editionId,
  editionCode: editions.code,
  status: licenses.status,
  seats: licenses.seats,
  startsAt: licenses.startsAt,
  expiresAt: licenses.expiresAt,
  offlineGraceDays: licenses.offlineGraceDays,
  revokesAt: licenses.revokesAt,
  metadata: licenses.metadata,
  createdAt: licenses.createdAt,
  updatedAt: licenses.updatedAt,
};

const licenseRows = (ctx: StaffCtx) =>
  ctx.db
    .select(licenseColumns)
    .from(licenses)
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId));

/** Every customer's licenses for the vendor's systems, newest first, filtered as asked. */
export async function listLicensesPage(ctx: StaffCtx, query: LicenseListQuery) {
  const rows = await licenseRows(ctx)
    .where(
      and(
        query.customer ? eq(licenses.orgId, query.customer) : undefined,
        query.product ? eq(licenses.productId, query.product) : undefined,
        query.status ? eq(licenses.status, query.status) : undefined,
        query.expiringBefore ? lt(licenses.expiresAt, query.expiringBefore) : undefined,
        query.expiringAfter ? gt(licenses.expiresAt, query.expiringAfter) : undefined,
        afterCursor(licenses.createdAt, licenses.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(licenses.createdAt), desc(licenses.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
