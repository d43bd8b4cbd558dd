import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bulkRotationWaves, rotations, validationCounts } from "@/lib/db/schema";
import type { BulkRotation } from "./bulk-rotation-transitions";

/** Answers that mean the key works: anything else counts against a rollout. */
const HEALTHY_CODES = ["VALID", "VALID_ROTATING"];

export interface WaveHealth {
  wave: number;
  validations: number;
  failures: number;
}

/**
 * Validation answers for the run's licenses, per wave, since the wave started (and since the run
 * was last resumed). Counts are per minute bucket, so the bucket the wave started in counts whole:
 * a rollout is judged slightly early rather than slightly late.
 */
export async function measureBulkRotationHealth(
  db: Executor,
  run: Pick<BulkRotation, "id" | "failuresCountedFrom">,
): Promise<WaveHealth[]> {
  const countedFrom = (run.failuresCountedFrom ?? new Date(0)).toISOString();
  const rows = await db
    .select({
      wave: bulkRotationWaves.wave,
      validations: sql<number>`coalesce(sum(${validationCounts.count}), 0)::int`,
      failures: sql<number>`coalesce(sum(${validationCounts.count}) filter (where ${validationCounts.code} not in (${sql.join(
        HEALTHY_CODES.map((code) => sql`${code}`),
        sql`, `,
      )})), 0)::int`,
    })
    .from(validationCounts)
    .innerJoin(rotations, and(eq(rotations.licenseId, validationCounts.licenseId), eq(rotations.bulkRunId, run.id)))
    .innerJoin(
      bulkRotationWaves,
      and(eq(bulkRotationWaves.bulkRunId, run.id), eq(bulkRotationWaves.wave, rotations.bulkWave)),
    )
    .where(
      sql`${validationCounts.bucketStart} >= date_trunc('minute', greatest(${bulkRotationWaves.startedAt}, ${countedFrom}::timestamptz))`,
    )
    .groupBy(bulkRotationWaves.wave);
  return rows;
}

/** Halts when enough validations failed, and they are a large enough share, to be a pattern. */
export function haltVerdict(
  run: Pick<BulkRotation, "haltFailurePercent" | "haltMinFailures">,
  health: WaveHealth[],
): string | null {
  const validations = health.reduce((sum, wave) => sum + wave.validations, 0);
  const failures = health.reduce((sum, wave) => sum + wave.failures, 0);
  if (failures < run.haltMinFailures || failures * 100 < run.haltFailurePercent * validations) return null;
  const percent = ((failures * 100) / validations).toFixed(1);
  return `${failures} of ${validations} validations of rotated licenses failed (${percent} %, threshold ${run.haltFailurePercent} % and at least ${run.haltMinFailures}).`;
}
