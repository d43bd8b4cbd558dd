import { and, desc, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, organizations, products } from "@/lib/db/schema";
import type { EditionListQuery, PageQuery } from "@/lib/validations/management";
import { afterCursor, decodeCursor, pageOf } from "./cursor";

/** Products, newest first. */
export async function listProductsPage(ctx: StaffCtx, query: PageQuery) {
  const rows = await ctx.db
    .select({
      id: products.id,
      code: products.code,
      name: products.name,
      description: products.description,
      createdAt: products.createdAt,
    })
    .from(products)
    .where(afterCursor(products.createdAt, products.id, decodeCursor(query.cursor)))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** Editions, of one product when asked, newest first. */
export async function listEditionsPage(ctx: StaffCtx, query: EditionListQuery) {
  const rows = await ctx.db
    .select({
      id: editions.id,
      productId: editions.productId,
      code: editions.code,
      name: editions.name,
      defaultSeats: editions.defaultSeats,
      defaultTermDays: editions.defaultTermDays,
      defaultOfflineGraceDays: editions.defaultOfflineGraceDays,
      seatModel: editions.seatModel,
      floatingLeaseMinutes: editions.floatingLeaseMinutes,
      maxBorrowDays: editions.maxBorrowDays,
      createdAt: editions.createdAt,
    })
    .from(editions)
    .where(
      and(
        query.product ? eq(editions.productId, query.product) : undefined,
        afterCursor(editions.createdAt, editions.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(editions.createdAt), desc(editions.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** Customers (organizations), newest first. */
export async function listCustomersPage(ctx: StaffCtx, query: PageQuery) {
  const rows = await ctx.db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .where(afterCursor(organizations.createdAt, organizations.id, decodeCursor(query.cursor)))
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
