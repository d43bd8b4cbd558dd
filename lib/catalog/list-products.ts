import { asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, products } from "@/lib/db/schema";
import { containsPattern } from "@/lib/licensing/search-customers";
import type { CatalogSearchInput } from "@/lib/validations/catalog";

export const PRODUCT_PAGE_SIZE = 20;

/** The catalogue for staff: products matching the search by name or code, with their edition count. */
export async function listProducts(ctx: StaffCtx, input: CatalogSearchInput) {
  const pattern = containsPattern(input.q);
  const match = input.q ? or(ilike(products.name, pattern), ilike(products.code, pattern)) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        id: products.id,
        code: products.code,
        name: products.name,
        description: products.description,
        editionCount: sql<number>`count(${editions.id})::int`,
      })
      .from(products)
      .leftJoin(editions, eq(editions.productId, products.id))
      .where(match)
      .groupBy(products.id)
      .orderBy(asc(products.name), asc(products.id))
      .limit(PRODUCT_PAGE_SIZE)
      .offset((input.page - 1) * PRODUCT_PAGE_SIZE),
    ctx.db.select({ n: count() }).from(products).where(match),
  ]);
  const totalCount = total?.n ?? 0;
  return {
    rows,
    total: totalCount,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(totalCount / PRODUCT_PAGE_SIZE)),
  };
}
