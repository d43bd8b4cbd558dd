import { asc, eq } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { editions, organizations, products } from "@/lib/db/schema";

/** What the bulk-rotation form offers: products with their editions, and customers. */
export async function listBulkSelectionOptions(ctx: Ctx) {
  const [rows, orgs] = await Promise.all([
    ctx.db
      .select({
        productId: products.id,
        productName: products.name,
        editionId: editions.id,
        editionName: editions.name,
      })
      .from(products)
      .innerJoin(editions, eq(editions.productId, products.id))
      .orderBy(asc(products.name), asc(editions.name)),
    ctx.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .orderBy(asc(organizations.name)),
  ]);
  return { editions: rows, orgs };
}
