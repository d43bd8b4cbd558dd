import { gte, sql, sum } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { validationCounts } from "@/lib/db/schema";
import type { HealthRange } from "@/lib/validations/health";

/** Range → (length, bucket width). Widths keep every chart near 60–100 bars. */
const RANGES: Record<HealthRange, { rangeSeconds: number; stepSeconds: number }> = {
  "1h": { rangeSeconds: 3_600, stepSeconds: 60 },
  "24h": { rangeSeconds: 86_400, stepSeconds: 900 },
  "7d": { rangeSeconds: 7 * 86_400, stepSeconds: 7_200 },
};

export interface ValidationRateBucket {
  start: Date;
  /** Validations in the bucket by code; codes without any are absent. */
  counts: Record<string, number>;
  total: number;
}

export interface ValidationRates {
  range: HealthRange;
  stepSeconds: number;
  buckets: ValidationRateBucket[];
  /** Codes seen in the range, most frequent first. */
  codes: string[];
  totals: Record<string, number>;
  total: number;
}

/**
 * Validation answers over time by code, from the per-minute telemetry, in buckets of the range's
 * width. Every bucket of the range is returned (empty ones too) so the chart's time axis is even.
 */
export async function getValidationRates(
  db: Executor,
  { range, now }: { range: HealthRange; now: Date },
): Promise<ValidationRates> {
  const { rangeSeconds, stepSeconds } = RANGES[range];
  const stepMs = stepSeconds * 1000;
  const lastStartMs = Math.floor(now.getTime() / stepMs) * stepMs;
  const firstStartMs = lastStartMs - (rangeSeconds / stepSeconds - 1) * stepMs;
  // The width is inlined, not bound: GROUP BY must see the very same expression as the SELECT list.
  const step = sql.raw(String(stepSeconds));
  const bucketEpoch =
    sql<number>`floor(extract(epoch from ${validationCounts.bucketStart}) / ${step}) * ${step}`.mapWith(Number);
  const rows = await db
    .select({ epoch: bucketEpoch, code: validationCounts.code, total: sum(validationCounts.count).mapWith(Number) })
    .from(validationCounts)
    .where(gte(validationCounts.bucketStart, new Date(firstStartMs)))
    .groupBy(bucketEpoch, validationCounts.code);

  const buckets = new Map<number, ValidationRateBucket>();
  for (let start = firstStartMs; start <= lastStartMs; start += stepMs)
    buckets.set(start, { start: new Date(start), counts: {}, total: 0 });
  const totals: Record<string, number> = {};
  for (const row of rows) {
    const bucket = buckets.get(row.epoch * 1000);
    // Telemetry from a clock ahead of ours lands past the last bucket: not ours to draw.
    if (!bucket) continue;
    bucket.counts[row.code] = (bucket.counts[row.code] ?? 0) + row.total;
    bucket.total += row.total;
    totals[row.code] = (totals[row.code] ?? 0) + row.total;
  }
  const codes = Object.keys(totals).sort((a, b) => totals[b]! - totals[a]! || a.localeCompare(b));
  return {
    range,
    stepSeconds,
    buckets: [...buckets.values()],
    codes,
    totals,
    total: Object.values(totals).reduce((a, b) => a + b, 0),
  };
}
