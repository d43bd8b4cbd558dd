import { and, eq, isNull, max } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { editions, products, rotationPolicies } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { RotationPolicyInput } from "@/lib/validations/support";
import type { PolicyRules } from "./describe-policy-changes";

/**
 * A policy is never edited in place: each change inserts the next version for its scope (product,
 * or product + edition). Rotations keep pointing at the version they were planned under; customer
 * choices are checked against the newest from now on.
 */
export async function createRotationPolicyVersion(ctx: StaffCtx, input: RotationPolicyInput) {
  return ctx.db.transaction(async (tx) => {
    const { reason, reasonCategory, customerMessage: _unused, productId, editionId, ...rules } = input;
    const policy = await insertRotationPolicyVersion(
      tx,
      ctx,
      { productId, editionId: editionId ?? null },
      {
        ...rules,
        allowedCadenceDays: [...new Set(input.allowedCadenceDays)].sort((a, b) => a - b),
      },
    );
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: policy.createdAt,
      action: "rotation_policy.versioned",
      subjectType: "rotation_policy",
      subjectId: policy.id,
      reason,
      data: { productId, editionId, ...rules, version: policy.version, reasonCategory },
    });
    return policy;
  });
}

/**
 * Inserts the next version of a scope's policy. The product row lock serialises versioning of its
 * policies: two edits get versions n and n+1. Every rule is given: a rule left to its column default
 * once reset an admin's grace days and key-age limit each time the form, which lacked them, was saved.
 */
export async function insertRotationPolicyVersion(
  tx: Tx,
  ctx: StaffCtx,
  scope: { productId: string; editionId: string | null },
  rules: PolicyRules,
) {
  const [product] = await tx
    .select({ id: products.id })
    .from(products)
    .where(eq(products.id, scope.productId))
    .for("update");
  if (!product) throw new NotFound("Product not found.");
  if (scope.editionId) {
    const [edition] = await tx
      .select({ id: editions.id })
      .from(editions)
      .where(and(eq(editions.id, scope.editionId), eq(editions.productId, product.id)));
    if (!edition) throw new NotFound("Edition not found for this product.");
  }
  const [latest] = await tx
    .select({ version: max(rotationPolicies.version) })
    .from(rotationPolicies)
    .where(
      and(
        eq(rotationPolicies.productId, product.id),
        scope.editionId ? eq(rotationPolicies.editionId, scope.editionId) : isNull(rotationPolicies.editionId),
      ),
    );
  const [policy] = await tx
    .insert(rotationPolicies)
    .values({
      ...rules,
      productId: product.id,
      editionId: scope.editionId,
      version: (latest?.version ?? 0) + 1,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now(),
    })
    .returning();
  return policy!;
}
