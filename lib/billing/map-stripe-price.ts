import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { editions, stripePriceEditions } from "@/lib/db/schema";
import { InvalidInput, NotFound } from "@/lib/errors";
import type { MapStripePriceInput, UnmapStripePriceInput } from "@/lib/validations/billing";

/** An admin says which edition a Stripe price sells (a price already mapped moves to the new edition). */
export async function mapStripePrice(ctx: StaffCtx, input: MapStripePriceInput) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [edition] = await tx
      .select({ id: editions.id, code: editions.code })
      .from(editions)
      .where(eq(editions.id, input.editionId));
    if (!edition)
      throw new InvalidInput("Choose an edition from the catalogue.", {
        editionId: ["That edition does not exist (any more). Reload the page and choose again."],
      });
    await tx
      .insert(stripePriceEditions)
      .values({ priceId: input.priceId, editionId: edition.id, createdAt: now })
      .onConflictDoUpdate({ target: stripePriceEditions.priceId, set: { editionId: edition.id, createdAt: now } });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "billing.stripe_price_mapped",
      subjectType: "stripe_price",
      subjectId: input.priceId,
      reason: input.reason,
      data: { editionId: edition.id, edition: edition.code, reasonCategory: input.reasonCategory },
    });
    return { priceId: input.priceId, editionId: edition.id };
  });
}

/** An admin removes a price from the map: later events naming it are refused until it is mapped again. */
export async function unmapStripePrice(ctx: StaffCtx, input: UnmapStripePriceInput) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(stripePriceEditions)
      .where(eq(stripePriceEditions.priceId, input.priceId))
      .returning();
    if (!removed) throw new NotFound("That Stripe price is not mapped.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "billing.stripe_price_unmapped",
      subjectType: "stripe_price",
      subjectId: input.priceId,
      reason: input.reason,
      data: { editionId: removed.editionId, reasonCategory: input.reasonCategory },
    });
    return { priceId: removed.priceId };
  });
}
