import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rotationPolicies } from "@/lib/db/schema";

export type RotationPolicy = typeof rotationPolicies.$inferSelect;

/** Used when a vendor has set no policy for a product: permissive but sane. */
export const DEFAULT_POLICY: Omit<RotationPolicy, "id" | "productId" | "editionId" | "createdBy" | "createdAt"> = {
  version: 0,
  allowedCadenceDays: [30, 90, 180, 365],
  allowManualCadence: true,
  minOverlapMinutes: 0,
  maxOverlapMinutes: 30 * 24 * 60,
  minNoticeDays: 0,
  maxPostponeDays: 30,
  allowTokenBridging: false,
  expiryGraceDays: 0,
  maxKeyAgeDays: null,
  retireUnusedKeysAfterDays: null,
  revocationUndoHours: 72,
};

/**
 * The current version of the policy for a license: the edition's own if the vendor set one,
 * otherwise the product's. Choices are validated against this; rotations record which version.
 */
export async function findRotationPolicy(
  db: Executor,
  { productId, editionId }: { productId: string; editionId: string },
): Promise<typeof DEFAULT_POLICY & { id: string | null }> {
  const rows = await db
    .select()
    .from(rotationPolicies)
    .where(
      and(
        eq(rotationPolicies.productId, productId),
        or(eq(rotationPolicies.editionId, editionId), isNull(rotationPolicies.editionId)),
      ),
    )
    .orderBy(desc(rotationPolicies.version));
  const policy = rows.find((row) => row.editionId === editionId) ?? rows.find((row) => row.editionId === null);
  return policy ?? { ...DEFAULT_POLICY, id: null };
}
