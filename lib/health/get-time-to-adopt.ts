import { and, count, eq, gte, isNotNull, min, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenses, products, rotations, validationCounts } from "@/lib/db/schema";

export interface TimeToAdopt {
  productId: string;
  productCode: string;
  productName: string;
  /** Rotations that issued a new key since `since`. */
  rotations: number;
  /** Of those, how many saw the new key validate at least once. */
  adopted: number;
  /** Seconds from issue to the first validation of the new key, over adopted rotations. */
  p50Seconds: number | null;
  p90Seconds: number | null;
}

/**
 * How long customers take to put a new key to use: per product, p50/p90 of the time from a
 * rotation issuing its new key to that key's first validation. Telemetry is per minute, so the
 * figures are accurate to a minute; a first validation in the issue minute counts as zero.
 */
export async function getTimeToAdopt(db: Executor, { since }: { since: Date }): Promise<TimeToAdopt[]> {
  const firstUse = db
    .select({
      productId: licenses.productId,
      issuedAt: rotations.issuedAt,
      firstUsedAt: min(validationCounts.bucketStart).as("first_used_at"),
    })
    .from(rotations)
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .leftJoin(
      validationCounts,
      and(
        eq(validationCounts.licenseKeyId, rotations.newKeyId),
        gte(validationCounts.bucketStart, sql`date_trunc('minute', ${rotations.issuedAt})`),
      ),
    )
    .where(and(isNotNull(rotations.issuedAt), isNotNull(rotations.newKeyId), gte(rotations.issuedAt, since)))
    .groupBy(rotations.id, licenses.productId, rotations.issuedAt)
    .as("first_use");
  const delaySeconds = sql`greatest(0, extract(epoch from (${firstUse.firstUsedAt} - ${firstUse.issuedAt})))`;
  // GREATEST skips NULLs, so a rotation never adopted would count as adopted at once without the filter.
  const percentile = (fraction: number) =>
    sql<
      number | null
    >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${delaySeconds}) filter (where ${firstUse.firstUsedAt} is not null)`.mapWith(
      (value) => (value === null ? null : Math.round(Number(value))),
    );
  return db
    .select({
      productId: products.id,
      productCode: products.code,
      productName: products.name,
      rotations: count(),
      adopted: count(firstUse.firstUsedAt),
      p50Seconds: percentile(0.5),
      p90Seconds: percentile(0.9),
    })
    .from(firstUse)
    .innerJoin(products, eq(products.id, firstUse.productId))
    .groupBy(products.id, products.code, products.name)
    .orderBy(products.name);
}
