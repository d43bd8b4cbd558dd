import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { editionFeatures, features, licenseEntitlements } from "@/lib/db/schema";

/**
 * Makes the license entitled to exactly its edition's features: on creation and on an edition
 * change (upgrade or downgrade). Returns the feature codes it now has, sorted.
 */
export async function grantEditionEntitlements(
  tx: Tx,
  { licenseId, editionId }: { licenseId: string; editionId: string },
): Promise<string[]> {
  const granted = await tx
    .select({ featureId: editionFeatures.featureId, code: features.code })
    .from(editionFeatures)
    .innerJoin(features, eq(features.id, editionFeatures.featureId))
    .where(eq(editionFeatures.editionId, editionId));
  await tx.delete(licenseEntitlements).where(eq(licenseEntitlements.licenseId, licenseId));
  if (granted.length > 0)
    await tx.insert(licenseEntitlements).values(granted.map(({ featureId }) => ({ licenseId, featureId })));
  return granted.map(({ code }) => code).sort();
}
