import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { devices, editions, licenses, products } from "@/lib/db/schema";
import { joinLicenseNames, licenseNames } from "./license-names";
import { TRIAL_EDITION_CODE } from "./trial";
import { holdsSeatSql } from "@/lib/devices";

export const STAFF_LICENSE_PAGE_SIZE = 20;

/**
 * Active trials across all customers, the soonest to end first (those are the ones sales and
 * support act on), each with its active devices and the paid editions it can convert to.
 */
export async function listTrialLicenses(ctx: StaffCtx, { page }: { page: number }) {
  const isTrial = and(eq(editions.code, TRIAL_EDITION_CODE), eq(licenses.status, "active"));
  const activeDevices = ctx.db
    .select({ licenseId: devices.licenseId, n: count().as("n") })
    .from(devices)
    .where(holdsSeatSql())
    .groupBy(devices.licenseId)
    .as("active_devices");
  const [rows, [total]] = await Promise.all([
    joinLicenseNames(
      ctx.db
        .select({
          id: licenses.id,
          ...licenseNames,
          productId: products.id,
          seats: licenses.seats,
          startsAt: licenses.startsAt,
          expiresAt: licenses.expiresAt,
          activeDevices: sql<number>`coalesce(${activeDevices.n}, 0)`.mapWith(Number),
        })
        .from(licenses)
        .innerJoin(editions, eq(editions.id, licenses.editionId))
        .$dynamic(),
    )
      .leftJoin(activeDevices, eq(activeDevices.licenseId, licenses.id))
      .where(isTrial)
      .orderBy(sql`${licenses.expiresAt} asc nulls last`, asc(licenses.id))
      .limit(STAFF_LICENSE_PAGE_SIZE)
      .offset((page - 1) * STAFF_LICENSE_PAGE_SIZE),
    ctx.db
      .select({ n: count() })
      .from(licenses)
      .innerJoin(editions, eq(editions.id, licenses.editionId))
      .where(isTrial),
  ]);
  const productIds = [...new Set(rows.map((row) => row.productId))];
  const paidEditions = productIds.length
    ? await ctx.db
        .select({ id: editions.id, productId: editions.productId, name: editions.name })
        .from(editions)
        .where(and(inArray(editions.productId, productIds), ne(editions.code, TRIAL_EDITION_CODE)))
        .orderBy(asc(editions.name))
    : [];
  const totalCount = total?.n ?? 0;
  return {
    rows: rows.map((row) => ({
      ...row,
      paidEditions: paidEditions.filter((edition) => edition.productId === row.productId),
    })),
    total: totalCount,
    page,
    pageCount: Math.max(1, Math.ceil(totalCount / STAFF_LICENSE_PAGE_SIZE)),
  };
}

export type TrialLicense = Awaited<ReturnType<typeof listTrialLicenses>>["rows"][number];
