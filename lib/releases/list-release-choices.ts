import { asc, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, features, products } from "@/lib/db/schema";

/** What the new-release form offers: products, and the editions and features a release may require. */
export async function listReleaseChoices(ctx: StaffCtx) {
  const [productRows, editionRows, featureRows] = await Promise.all([
    ctx.db.select({ id: products.id, name: products.name }).from(products).orderBy(asc(products.name)),
    ctx.db
      .select({ id: editions.id, name: editions.name, productName: products.name })
      .from(editions)
      .innerJoin(products, eq(products.id, editions.productId))
      .orderBy(asc(products.name), asc(editions.name)),
    ctx.db
      .select({ id: features.id, code: features.code, productName: products.name })
      .from(features)
      .innerJoin(products, eq(products.id, features.productId))
      .orderBy(asc(products.name), asc(features.code)),
  ]);
  return {
    products: productRows.map((product) => ({ id: product.id, label: product.name })),
    editions: editionRows.map((edition) => ({ id: edition.id, label: `${edition.productName} — ${edition.name}` })),
    features: featureRows.map((feature) => ({ id: feature.id, label: `${feature.productName} — ${feature.code}` })),
  };
}
