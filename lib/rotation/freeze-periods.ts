import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { freezePeriods, products } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReasonCategory } from "@/lib/validations/staff";

interface StaffReasonInput {
  reason: string;
  reasonCategory: StaffReasonCategory;
}

/** Staff forbid planned rotations of a product for a period (a release freeze); plans skip it. */
export async function addFreezePeriod(
  ctx: StaffCtx,
  input: StaffReasonInput & { productId: string; label: string; startsAt: Date; endsAt: Date },
) {
  return ctx.db.transaction(async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId));
    if (!product) throw new NotFound("Product not found.");
    const now = ctx.now();
    const [freeze] = await tx
      .insert(freezePeriods)
      .values({
        productId: product.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        reason: input.label,
        createdAt: now,
      })
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "freeze_period.added",
      subjectType: "product",
      subjectId: product.id,
      reason: input.reason,
      data: {
        freezeId: freeze!.id,
        label: input.label,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        reasonCategory: input.reasonCategory,
      },
    });
    return freeze!;
  });
}

export async function removeFreezePeriod(ctx: StaffCtx, input: StaffReasonInput & { freezeId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [freeze] = await tx.delete(freezePeriods).where(eq(freezePeriods.id, input.freezeId)).returning();
    if (!freeze) throw new NotFound("That freeze period no longer exists.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      action: "freeze_period.removed",
      subjectType: "product",
      subjectId: freeze.productId,
      reason: input.reason,
      data: {
        freezeId: freeze.id,
        label: freeze.reason,
        startsAt: freeze.startsAt,
        endsAt: freeze.endsAt,
        reasonCategory: input.reasonCategory,
      },
    });
    return { freezeId: freeze.id };
  });
}
