import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { devices, editions, licenseKeys, licenses, organizations, orgMembers, products, users } from "@/lib/db/schema";
import type { CustomerSearchInput } from "@/lib/validations/licenses";

export const CUSTOMER_SEARCH_PAGE_SIZE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A key's public prefix as people type it: `RK-7F3Q`, `rk7f3q`. Never more of the key. */
const KEY_PREFIX = /^rk-?([0-9a-z]{4})$/i;

/** `%` and `_` in what staff type are literal characters, not wildcards. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function matchQuery(query: string): SQL | undefined {
  const pattern = containsPattern(query);
  const memberMatch = sql`exists (select 1 from ${orgMembers} join ${users} on ${users.id} = ${orgMembers.userId}
    where ${orgMembers.orgId} = ${organizations.id} and ${users.email} ilike ${pattern})`;
  const deviceMatch = sql`exists (select 1 from ${devices} where ${devices.licenseId} = ${licenses.id} and ${devices.name} ilike ${pattern})`;
  const prefix = KEY_PREFIX.exec(query);
  const keyMatch = prefix
    ? sql`exists (select 1 from ${licenseKeys} where ${licenseKeys.licenseId} = ${licenses.id} and ${licenseKeys.prefix} = ${`RK-${prefix[1]!.toUpperCase()}`})`
    : undefined;
  return or(
    ilike(organizations.name, pattern),
    memberMatch,
    deviceMatch,
    keyMatch,
    UUID.test(query) ? eq(licenses.id, query.toLowerCase()) : undefined,
  );
}

/**
 * Staff search across all organisations: by org name, member email, device name, a key's public
 * prefix or an exact license id. One row per license (an org without licenses still appears
 * once), paginated.
 */
export async function searchCustomers(ctx: StaffCtx, input: CustomerSearchInput) {
  const match = input.q ? matchQuery(input.q) : undefined;
  const base = ctx.db
    .select({
      orgId: organizations.id,
      orgName: organizations.name,
      licenseId: licenses.id,
      licenseStatus: licenses.status,
      productName: products.name,
      editionName: editions.name,
      expiresAt: licenses.expiresAt,
    })
    .from(organizations)
    .leftJoin(licenses, eq(licenses.orgId, organizations.id))
    .leftJoin(products, eq(products.id, licenses.productId))
    .leftJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(match))
    .$dynamic();
  const offset = (input.page - 1) * CUSTOMER_SEARCH_PAGE_SIZE;
  const [rows, [total]] = await Promise.all([
    base
      .orderBy(asc(organizations.name), asc(products.name), asc(editions.name), asc(licenses.id))
      .limit(CUSTOMER_SEARCH_PAGE_SIZE)
      .offset(offset),
    ctx.db
      .select({ n: count() })
      .from(organizations)
      .leftJoin(licenses, eq(licenses.orgId, organizations.id))
      .where(and(match)),
  ]);
  const totalCount = total?.n ?? 0;
  return {
    rows,
    total: totalCount,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(totalCount / CUSTOMER_SEARCH_PAGE_SIZE)),
  };
}

export type CustomerSearchRow = Awaited<ReturnType<typeof searchCustomers>>["rows"][number];
