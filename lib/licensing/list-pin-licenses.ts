import { asc, count, eq, inArray } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, licenses, organizations, products } from "@/lib/db/schema";
import { joinLicenseNames, licenseNames } from "./license-names";
import { PIN_EDITION_CODES } from "@/lib/devices/activation-pin";
import { STAFF_LICENSE_PAGE_SIZE } from "./list-trial-licenses";

/** Licenses that can carry an activation PIN, with whether one is set: where support clears a lost PIN. */
export async function listPinLicenses(ctx: StaffCtx, { page }: { page: number }) {
  const canHavePin = inArray(editions.code, [...PIN_EDITION_CODES]);
  const [rows, [total]] = await Promise.all([
    joinLicenseNames(
      ctx.db
        .select({
          id: licenses.id,
          ...licenseNames,
          editionName: editions.name,
          status: licenses.status,
          pinMode: licenses.activationPinMode,
          pinSetAt: licenses.activationPinSetAt,
        })
        .from(licenses)
        .innerJoin(editions, eq(editions.id, licenses.editionId))
        .$dynamic(),
    )
      .where(canHavePin)
      .orderBy(asc(organizations.name), asc(products.name), asc(licenses.id))
      .limit(STAFF_LICENSE_PAGE_SIZE)
      .offset((page - 1) * STAFF_LICENSE_PAGE_SIZE),
    ctx.db
      .select({ n: count() })
      .from(licenses)
      .innerJoin(editions, eq(editions.id, licenses.editionId))
      .where(canHavePin),
  ]);
  const totalCount = total?.n ?? 0;
  return { rows, total: totalCount, page, pageCount: Math.max(1, Math.ceil(totalCount / STAFF_LICENSE_PAGE_SIZE)) };
}
