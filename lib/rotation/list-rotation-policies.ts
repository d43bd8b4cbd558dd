import { asc, desc } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, freezePeriods, products, rotationPolicies } from "@/lib/db/schema";
import type { RotationPolicy } from "./find-rotation-policy";

/**
 * Every product with its current policy versions (product-wide and per edition), how many
 * versions each scope has had, and its freeze periods: what the policy editor shows.
 */
export async function listRotationPolicies(ctx: StaffCtx) {
  const [productRows, editionRows, policyRows, freezeRows] = await Promise.all([
    ctx.db.select().from(products).orderBy(asc(products.name)),
    ctx.db.select().from(editions).orderBy(asc(editions.name)),
    ctx.db.select().from(rotationPolicies).orderBy(desc(rotationPolicies.version)),
    ctx.db.select().from(freezePeriods).orderBy(asc(freezePeriods.startsAt)),
  ]);
  const versionsOf = (productId: string, editionId: string | null) =>
    policyRows.filter((row) => row.productId === productId && row.editionId === editionId);
  const current = (productId: string, editionId: string | null): RotationPolicy | null =>
    versionsOf(productId, editionId)[0] ?? null;
  return productRows.map((product) => ({
    product,
    productPolicy: current(product.id, null),
    productVersions: versionsOf(product.id, null).length,
    editions: editionRows
      .filter((edition) => edition.productId === product.id)
      .map((edition) => ({
        edition,
        policy: current(product.id, edition.id),
        versions: versionsOf(product.id, edition.id).length,
      })),
    freezes: freezeRows.filter((freeze) => freeze.productId === product.id),
  }));
}

export type PolicyCatalogue = Awaited<ReturnType<typeof listRotationPolicies>>;
