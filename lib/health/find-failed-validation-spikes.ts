import { and, eq, gte, isNotNull, lt, notInArray, sql, sum } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenses, products, rotations, validationCounts } from "@/lib/db/schema";

const HOUR_MS = 3_600_000;
/** Answers that are not failures: the key worked (inside or outside an overlap). */
const PASSING_CODES = ["VALID", "VALID_ROTATING"];
/** The baseline: failures an hour over the day before the rotation. */
const BASELINE_HOURS = 24;
/** Fewer failures than this since the rotation is noise, whatever the ratio. */
const MIN_FAILURES = 10;

export interface FailedValidationSpike {
  productCode: string;
  productName: string;
  rotationId: string;
  issuedAt: Date;
  failuresPerHourBefore: number;
  failuresPerHourAfter: number;
}

/**
 * Issue 22: a product whose failed validations rise above their baseline after a rotation. For the
 * newest rotation issued per product in the last day, failures an hour since it was issued are
 * compared with failures an hour over the day before; `factor` times the baseline (and at least
 * MIN_FAILURES in all) is a spike, and the alert names the rotation.
 */
export async function findFailedValidationSpikes(
  db: Executor,
  { now, factor }: { now: Date; factor: number },
): Promise<FailedValidationSpike[]> {
  const recent = await db
    .selectDistinctOn([licenses.productId], {
      productId: licenses.productId,
      productCode: products.code,
      productName: products.name,
      rotationId: rotations.id,
      issuedAt: rotations.issuedAt,
    })
    .from(rotations)
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .where(and(isNotNull(rotations.issuedAt), gte(rotations.issuedAt, new Date(now.getTime() - 24 * HOUR_MS))))
    .orderBy(licenses.productId, sql`${rotations.issuedAt} desc`);
  const spikes: FailedValidationSpike[] = [];
  for (const rotation of recent) {
    const issuedAt = rotation.issuedAt!;
    const baselineStart = new Date(issuedAt.getTime() - BASELINE_HOURS * HOUR_MS);
    const [before, after] = await Promise.all([
      countFailures(db, rotation.productId, baselineStart, issuedAt),
      countFailures(db, rotation.productId, issuedAt, now),
    ]);
    // At least an hour after: a few minutes of failures right at the switch are not a rate.
    const hoursAfter = Math.max(1, (now.getTime() - issuedAt.getTime()) / HOUR_MS);
    const failuresPerHourBefore = before / BASELINE_HOURS;
    const failuresPerHourAfter = after / hoursAfter;
    if (after >= MIN_FAILURES && failuresPerHourAfter > failuresPerHourBefore * factor) {
      spikes.push({
        productCode: rotation.productCode,
        productName: rotation.productName,
        rotationId: rotation.rotationId,
        issuedAt,
        failuresPerHourBefore: Math.round(failuresPerHourBefore * 10) / 10,
        failuresPerHourAfter: Math.round(failuresPerHourAfter * 10) / 10,
      });
    }
  }
  return spikes;
}

async function countFailures(db: Executor, productId: string, from: Date, to: Date): Promise<number> {
  const [row] = await db
    .select({ failures: sum(validationCounts.count).mapWith(Number) })
    .from(validationCounts)
    .innerJoin(licenses, eq(licenses.id, validationCounts.licenseId))
    .where(
      and(
        eq(licenses.productId, productId),
        gte(validationCounts.bucketStart, from),
        lt(validationCounts.bucketStart, to),
        notInArray(validationCounts.code, PASSING_CODES),
      ),
    );
  return row?.failures ?? 0;
}
