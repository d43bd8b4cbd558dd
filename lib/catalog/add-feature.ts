import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { features } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { AddFeatureInput } from "@/lib/validations/catalog";
import { findProduct } from "./find-product";
import { requireCatalogueAdmin } from "./require-catalogue-admin";

/** An admin adds a feature code to a product; editions then grant it as an entitlement. */
export async function addFeature(ctx: StaffCtx, input: AddFeatureInput) {
  requireCatalogueAdmin(ctx, "add features");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const product = await findProduct(tx, input.productId);
    const [taken] = await tx
      .select({ id: features.id })
      .from(features)
      .where(and(eq(features.productId, product.id), eq(features.code, input.code)));
    if (taken)
      throw new InvalidInput("That feature code is taken.", {
        code: [`${product.name} has a feature “${input.code}” already.`],
      });
    const [feature] = await tx
      .insert(features)
      .values({ productId: product.id, code: input.code, name: input.name })
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "feature.created",
      subjectType: "product",
      subjectId: product.id,
      reason: input.reason,
      data: { featureId: feature!.id, code: input.code, reasonCategory: input.reasonCategory },
    });
    return feature!;
  });
}
