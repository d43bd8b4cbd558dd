import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { products } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { CreateProductInput } from "@/lib/validations/catalog";
import { requireCatalogueAdmin } from "./require-catalogue-admin";

/**
 * An admin adds a product to the catalogue. Its code is what client software sends as `product`
 * and what license files carry as `aud`, so it is unique and never reused.
 */
export async function createProduct(ctx: StaffCtx, input: CreateProductInput) {
  requireCatalogueAdmin(ctx, "add products");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: products.id }).from(products).where(eq(products.code, input.code));
    if (taken)
      throw new InvalidInput("That product code is taken.", {
        code: [`A product with the code “${input.code}” exists already. Choose another code.`],
      });
    const [product] = await tx
      .insert(products)
      .values({ code: input.code, name: input.name, description: input.description, createdAt: now })
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "product.created",
      subjectType: "product",
      subjectId: product!.id,
      reason: input.reason,
      data: { code: input.code, name: input.name, reasonCategory: input.reasonCategory },
    });
    return product!;
  });
}
