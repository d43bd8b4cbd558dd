import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { MasterKeyRing } from "@/lib/crypto";
import type { StaffCtx } from "@/lib/context";
import { editionFeatures, editions, editionUsageQuotas, features } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import { editionScope, ensureSigningKeys } from "@/lib/signing";
import type { CreateEditionInput } from "@/lib/validations/catalog";
import { findProduct } from "./find-product";
import { requireCatalogueAdmin } from "./require-catalogue-admin";

/**
 * An admin adds an edition: the entitlements (feature codes) and defaults a new license of it
 * starts with. Its rotation policy is the product's until one is saved for the edition (Policies).
 * An edition with its own signing key gets one at once (DESIGN.md §2, signing-key scope), active
 * and with its successor published, before any of its licenses exists to be signed.
 */
export async function createEdition(ctx: StaffCtx, input: CreateEditionInput, { ring }: { ring: MasterKeyRing }) {
  requireCatalogueAdmin(ctx, "add editions");
  const now = ctx.now();
  const edition = await ctx.db.transaction(async (tx) => {
    const product = await findProduct(tx, input.productId);
    const [taken] = await tx
      .select({ id: editions.id })
      .from(editions)
      .where(and(eq(editions.productId, product.id), eq(editions.code, input.code)));
    if (taken)
      throw new InvalidInput("That edition code is taken.", {
        code: [`${product.name} has an edition “${input.code}” already.`],
      });
    const featureIds = [...new Set(input.featureIds)];
    const granted =
      featureIds.length === 0
        ? []
        : await tx
            .select({ id: features.id, code: features.code })
            .from(features)
            .where(and(eq(features.productId, product.id), inArray(features.id, featureIds)));
    if (granted.length !== featureIds.length)
      throw new InvalidInput("Choose features of this product.", {
        featureIds: [`Only ${product.name}'s own features can be granted.`],
      });
    const keptIds = new Set(input.featureIdsAfterExpiry);
    if ([...keptIds].some((id) => !featureIds.includes(id)))
      throw new InvalidInput("Keep only features the edition grants.", {
        featureIdsAfterExpiry: ["A feature kept after expiry must be one of the edition's entitlements."],
      });
    const featuresAfterExpiry = granted
      .filter((feature) => keptIds.has(feature.id))
      .map((feature) => feature.code)
      .sort();
    const [edition] = await tx
      .insert(editions)
      .values({
        productId: product.id,
        code: input.code,
        name: input.name,
        defaultSeats: input.defaultSeats,
        defaultTermDays: input.defaultTermDays,
        defaultOfflineGraceDays: input.defaultOfflineGraceDays,
        seatModel: input.seatModel,
        requireSeatToken: input.requireSeatToken,
        floatingLeaseMinutes: input.floatingLeaseMinutes,
        maxBorrowDays: input.maxBorrowDays,
        maxDeviceTransfers: input.maxDeviceTransfers,
        deviceTransferPeriodDays: input.deviceTransferPeriodDays,
        overageStrategy: input.overageStrategy,
        expiryStrategy: input.expiryStrategy,
        featuresAfterExpiry,
        createdAt: now,
      })
      .returning();
    if (input.usageQuotas.length > 0)
      await tx
        .insert(editionUsageQuotas)
        .values(input.usageQuotas.map((quota) => ({ editionId: edition!.id, ...quota, createdAt: now })));
    if (granted.length > 0)
      await tx
        .insert(editionFeatures)
        .values(granted.map((feature) => ({ editionId: edition!.id, featureId: feature.id })));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "edition.created",
      subjectType: "product",
      subjectId: product.id,
      reason: input.reason,
      data: {
        editionId: edition!.id,
        code: input.code,
        entitlements: granted.map((feature) => feature.code).sort(),
        defaultSeats: input.defaultSeats,
        defaultTermDays: input.defaultTermDays,
        defaultOfflineGraceDays: input.defaultOfflineGraceDays,
        hasOwnSigningKey: input.hasOwnSigningKey,
        seatModel: input.seatModel,
        requireSeatToken: input.requireSeatToken,
        floatingLeaseMinutes: input.floatingLeaseMinutes,
        maxBorrowDays: input.maxBorrowDays,
        maxDeviceTransfers: input.maxDeviceTransfers,
        deviceTransferPeriodDays: input.deviceTransferPeriodDays,
        usageQuotas: input.usageQuotas,
        overageStrategy: input.overageStrategy,
        expiryStrategy: input.expiryStrategy,
        featuresAfterExpiry,
        reasonCategory: input.reasonCategory,
      },
    });
    return edition!;
  });
  if (input.hasOwnSigningKey)
    await ensureSigningKeys(ctx, { ring, scope: editionScope(edition.productId, edition.id) });
  return edition;
}
