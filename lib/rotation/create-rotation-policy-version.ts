import { and, eq, isNull, max } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { editions, products, rotationPolicies } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { RotationPolicyInput } from "@/lib/validations/support";

/**
 * A policy is never edited in place: each change inserts the next version for its scope (product,
 * or product + edition). Rotations keep pointing at the version they were planned under; customer
 * choices are checked against the newest from now on.
 */
export async function createRotationPolicyVersion(ctx: StaffCtx, input: RotationPolicyInput) {
  return ctx.db.transaction(async (tx) => {
    // The product row lock serialises versioning of its policies: two edits get versions n and n+1.
    const [product] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.id, input.productId))
      .for("update");
    if (!product) throw new NotFound("Product not found.");
    if (input.editionId) {
      const [edition] = await tx
        .select({ id: editions.id })
        .from(editions)
        .where(and(eq(editions.id, input.editionId), eq(editions.productId, product.id)));
      if (!edition) throw new NotFound("Edition not found for this product.");
    }
    const scope = and(
      eq(rotationPolicies.productId, product.id),
      input.editionId ? eq(rotationPolicies.editionId, input.editionId) : isNull(rotationPolicies.editionId),
    );
    const [latest] = await tx
      .select({ version: max(rotationPolicies.version) })
      .from(rotationPolicies)
      .where(scope);
    const now = ctx.now();
    const [policy] = await tx
      .insert(rotationPolicies)
      .values({
        productId: product.id,
        editionId: input.editionId ?? null,
        version: (latest?.version ?? 0) + 1,
        allowedCadenceDays: [...new Set(input.allowedCadenceDays)].sort((a, b) => a - b),
        allowManualCadence: input.allowManualCadence,
        minOverlapMinutes: input.minOverlapMinutes,
        maxOverlapMinutes: input.maxOverlapMinutes,
        minNoticeDays: input.minNoticeDays,
        maxPostponeDays: input.maxPostponeDays,
        allowTokenBridging: input.allowTokenBridging,
        revocationUndoHours: input.revocationUndoHours,
        createdBy: ctx.actor.userId,
        createdAt: now,
      })
      .returning();
    const { reason, reasonCategory, ...rules } = input;
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "rotation_policy.versioned",
      subjectType: "rotation_policy",
      subjectId: policy!.id,
      reason,
      data: { ...rules, version: policy!.version, reasonCategory },
    });
    return policy!;
  });
}
