import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { products } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

export async function findProduct(db: Executor, productId: string) {
  const [product] = await db.select().from(products).where(eq(products.id, productId));
  if (!product) throw new NotFound("Product not found.");
  return product;
}
