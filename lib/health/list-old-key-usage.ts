import { and, countDistinct, desc, eq, gte, inArray, isNotNull, sql, sum } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseKeys, licenses, products, rotations, validationCounts } from "@/lib/db/schema";

export interface OldKeyUsage {
  productId: string;
  productCode: string;
  productName: string;
  /** Licenses whose old key was presented after its rotation issued the new one. */
  licenses: number;
  validations: number;
  /** Of those, licenses presenting the old key after it retired: those clients are now refused. */
  licensesOnRetiredKey: number;
}

/**
 * Per product, how many licenses still present an old key after its rotation issued the new one
 * (the key is `retiring` or `retired`), over validations since `since`. Counted per license key,
 * not per device: validation telemetry does not record devices.
 */
export async function listOldKeyUsage(db: Executor, { since }: { since: Date }): Promise<OldKeyUsage[]> {
  return db
    .select({
      productId: products.id,
      productCode: products.code,
      productName: products.name,
      licenses: countDistinct(rotations.licenseId),
      validations: sum(validationCounts.count).mapWith(Number),
      licensesOnRetiredKey:
        sql<number>`count(distinct ${rotations.licenseId}) filter (where ${licenseKeys.state} = 'retired' and ${validationCounts.bucketStart} >= ${licenseKeys.retiredAt})`.mapWith(
          Number,
        ),
    })
    .from(validationCounts)
    .innerJoin(
      rotations,
      and(
        eq(rotations.oldKeyId, validationCounts.licenseKeyId),
        isNotNull(rotations.issuedAt),
        gte(validationCounts.bucketStart, rotations.issuedAt),
      ),
    )
    .innerJoin(
      licenseKeys,
      and(eq(licenseKeys.id, validationCounts.licenseKeyId), inArray(licenseKeys.state, ["retiring", "retired"])),
    )
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .where(gte(validationCounts.bucketStart, since))
    .groupBy(products.id, products.code, products.name)
    .orderBy(desc(countDistinct(rotations.licenseId)), products.name);
}
