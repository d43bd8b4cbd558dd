import { asc, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { features } from "@/lib/db/schema";
import { findProduct } from "./find-product";
import { listEditions } from "./list-editions";

/** One product for the catalogue page: its features and its editions with what each grants. */
export async function getProduct(ctx: StaffCtx, productId: string) {
  const product = await findProduct(ctx.db, productId);
  const [featureRows, editionRows] = await Promise.all([
    ctx.db
      .select({ id: features.id, code: features.code, name: features.name })
      .from(features)
      .where(eq(features.productId, product.id))
      .orderBy(asc(features.code)),
    listEditions(ctx.db, { productId: product.id }),
  ]);
  return { ...product, features: featureRows, editions: editionRows };
}
