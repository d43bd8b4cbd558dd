import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { editions, features, products, releases } from "@/lib/db/schema";
import { Forbidden, InvalidInput, NotFound } from "@/lib/errors";
import type { CreateReleaseInput } from "@/lib/validations/releases";

/** Releases decide what every customer may install, so like the catalogue only admins make and move them. */
export function requireReleaseAdmin(ctx: StaffCtx, what: string): void {
  if (ctx.actor.role !== "admin") throw new Forbidden(`Only admins can ${what}.`);
}

/** An admin (or the management API) drafts a release of a product; files are added before it is published. */
export async function createRelease(ctx: StaffCtx, input: CreateReleaseInput) {
  requireReleaseAdmin(ctx, "create releases");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId));
    if (!product) throw new NotFound("Product not found.");
    if (input.requiredEditionId) {
      const [edition] = await tx
        .select({ id: editions.id })
        .from(editions)
        .where(and(eq(editions.id, input.requiredEditionId), eq(editions.productId, product.id)));
      if (!edition)
        throw new InvalidInput("Choose an edition of this product.", {
          requiredEditionId: ["Not an edition of this product."],
        });
    }
    if (input.requiredFeatureId) {
      const [feature] = await tx
        .select({ id: features.id })
        .from(features)
        .where(and(eq(features.id, input.requiredFeatureId), eq(features.productId, product.id)));
      if (!feature)
        throw new InvalidInput("Choose a feature of this product.", {
          requiredFeatureId: ["Not a feature of this product."],
        });
    }
    const [taken] = await tx
      .select({ id: releases.id })
      .from(releases)
      .where(
        and(
          eq(releases.productId, product.id),
          eq(releases.channel, input.channel),
          eq(releases.version, input.version),
        ),
      );
    if (taken)
      throw new InvalidInput("That version exists on this channel.", {
        version: [`Version ${input.version} exists on the ${input.channel} channel already.`],
      });
    const [release] = await tx
      .insert(releases)
      .values({
        productId: product.id,
        version: input.version,
        channel: input.channel,
        notes: input.notes,
        requiredEditionId: input.requiredEditionId,
        requiredFeatureId: input.requiredFeatureId,
        keepsYankedDownloads: input.keepsYankedDownloads,
        createdBy: ctx.actor.userId,
        createdAt: now,
      })
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "release.created",
      subjectType: "release",
      subjectId: release!.id,
      reason: input.reason,
      data: {
        productId: product.id,
        version: input.version,
        channel: input.channel,
        requiredEditionId: input.requiredEditionId,
        requiredFeatureId: input.requiredFeatureId,
        keepsYankedDownloads: input.keepsYankedDownloads,
        reasonCategory: input.reasonCategory,
      },
    });
    return release!;
  });
}
