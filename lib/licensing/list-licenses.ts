import { and, asc, count, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { devices, editions, licenses, products } from "@/lib/db/schema";
import { isExpiringSoon } from "./expiry";
import { holdsSeatSql } from "@/lib/devices";

/** The organisation's licenses with what the dashboard shows: product, seats in use, expiry. */
export async function listLicenses(ctx: Pick<OrgCtx, "db" | "orgId" | "now">) {
  const rows = await ctx.db
    .select({
      id: licenses.id,
      status: licenses.status,
      seats: licenses.seats,
      startsAt: licenses.startsAt,
      expiresAt: licenses.expiresAt,
      productName: products.name,
      productCode: products.code,
      editionName: editions.name,
      seatsUsed: count(devices.id),
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .leftJoin(devices, and(eq(devices.licenseId, licenses.id), holdsSeatSql()))
    .where(eq(licenses.orgId, ctx.orgId))
    .groupBy(licenses.id, products.id, editions.id)
    .orderBy(asc(products.name), asc(editions.name), asc(licenses.createdAt));
  const now = ctx.now();
  return rows.map((row) => ({ ...row, isExpiringSoon: isExpiringSoon(row, now) }));
}

export type LicenseSummary = Awaited<ReturnType<typeof listLicenses>>[number];
