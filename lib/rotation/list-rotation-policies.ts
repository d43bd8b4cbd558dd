import { asc, desc } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, freezePeriods, products, rotationPolicies } from "@/lib/db/schema";
import { describePolicyChanges, rulesOf } from "./describe-policy-changes";
import { DEFAULT_POLICY, type RotationPolicy } from "./find-rotation-policy";

/**
 * A scope's versions, newest first, each with what it changed against the one before it (the
 * first against the built-in default, or the product's policy for an edition's first own version).
 */
function historyOf(versions: RotationPolicy[], inherited: typeof DEFAULT_POLICY) {
  return versions.map((policy, index) => ({
    policy,
    changes: describePolicyChanges(rulesOf(versions[index + 1] ?? inherited), rulesOf(policy)),
  }));
}

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
  return productRows.map((product) => {
    const productPolicy = current(product.id, null);
    return {
      product,
      productPolicy,
      productVersions: versionsOf(product.id, null).length,
      productHistory: historyOf(versionsOf(product.id, null), DEFAULT_POLICY),
      editions: editionRows
        .filter((edition) => edition.productId === product.id)
        .map((edition) => ({
          edition,
          policy: current(product.id, edition.id),
          versions: versionsOf(product.id, edition.id).length,
          history: historyOf(versionsOf(product.id, edition.id), productPolicy ?? DEFAULT_POLICY),
        })),
      freezes: freezeRows.filter((freeze) => freeze.productId === product.id),
    };
  });
}

export type PolicyCatalogue = Awaited<ReturnType<typeof listRotationPolicies>>;
