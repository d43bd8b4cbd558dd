import { asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { bulkRotations, bulkRotationWaves, editions, organizations, products, rotations, users } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { BulkRotationFilter } from "@/lib/validations/ops";
import { measureBulkRotationHealth } from "./bulk-rotation-health";
import type { BulkRotationState } from "./bulk-rotation-transitions";

export interface BulkWaveProgress {
  wave: number;
  percent: number;
  target: number | null;
  startedAt: Date | null;
  issuedAt: Date | null;
  planned: number;
  issued: number;
  completed: number;
  failed: number;
  validations: number;
  validationFailures: number;
}

export interface BulkRotationProgress {
  id: string;
  state: BulkRotationState;
  filter: BulkRotationFilter;
  selectionLabel: string;
  requestedBy: string;
  reason: string;
  haltReason: string | null;
  selectedCount: number | null;
  currentWave: number | null;
  overlapMinutes: number;
  soakMinutes: number;
  haltFailurePercent: number;
  haltMinFailures: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  waves: BulkWaveProgress[];
  totals: { planned: number; issued: number; completed: number; failed: number };
}

const FAILED_STATES = ["failed", "cancelled", "rolled_back"] as const;

/** One run with per-wave counts: aggregates in the database, never the rows themselves. */
export async function getBulkRotationProgress(
  ctx: Ctx,
  { bulkRunId }: { bulkRunId: string },
): Promise<BulkRotationProgress> {
  const [run] = await ctx.db
    .select({ run: bulkRotations, requestedBy: users.email })
    .from(bulkRotations)
    .innerJoin(users, eq(users.id, bulkRotations.requestedBy))
    .where(eq(bulkRotations.id, bulkRunId));
  if (!run) throw new NotFound("No such bulk rotation.");
  const [waves, counts, health, selectionLabel] = await Promise.all([
    ctx.db
      .select()
      .from(bulkRotationWaves)
      .where(eq(bulkRotationWaves.bulkRunId, bulkRunId))
      .orderBy(asc(bulkRotationWaves.wave)),
    ctx.db
      .select({
        wave: rotations.bulkWave,
        planned: count(),
        issued: count(rotations.issuedAt),
        completed: sql<number>`(count(*) filter (where ${rotations.state} = 'completed'))::int`,
        failed: sql<number>`(count(*) filter (where ${inArray(rotations.state, [...FAILED_STATES])}))::int`,
      })
      .from(rotations)
      .where(eq(rotations.bulkRunId, bulkRunId))
      .groupBy(rotations.bulkWave),
    measureBulkRotationHealth(ctx.db, run.run),
    describeSelection(ctx, run.run.filter as BulkRotationFilter),
  ]);
  const wavesProgress = waves.map((wave) => {
    const c = counts.find((row) => row.wave === wave.wave);
    const h = health.find((row) => row.wave === wave.wave);
    return {
      wave: wave.wave,
      percent: wave.percent,
      target: wave.target,
      startedAt: wave.startedAt,
      issuedAt: wave.issuedAt,
      planned: c?.planned ?? 0,
      issued: c?.issued ?? 0,
      completed: c?.completed ?? 0,
      failed: c?.failed ?? 0,
      validations: h?.validations ?? 0,
      validationFailures: h?.failures ?? 0,
    };
  });
  const sum = (field: "planned" | "issued" | "completed" | "failed") =>
    wavesProgress.reduce((total, wave) => total + wave[field], 0);
  const { run: row } = run;
  return {
    id: row.id,
    state: row.state,
    filter: row.filter as BulkRotationFilter,
    selectionLabel,
    requestedBy: run.requestedBy,
    reason: row.reason,
    haltReason: row.haltReason,
    selectedCount: row.selectedCount,
    currentWave: row.currentWave,
    overlapMinutes: row.overlapMinutes,
    soakMinutes: row.soakMinutes,
    haltFailurePercent: row.haltFailurePercent,
    haltMinFailures: row.haltMinFailures,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    waves: wavesProgress,
    totals: { planned: sum("planned"), issued: sum("issued"), completed: sum("completed"), failed: sum("failed") },
  };
}

/** "Rekey Studio · Pro · Acme Robotics · active · expiring within 30 days" */
async function describeSelection(ctx: Ctx, filter: BulkRotationFilter): Promise<string> {
  const [product] = await ctx.db
    .select({ name: products.name })
    .from(products)
    .where(eq(products.id, filter.productId));
  const [edition] = filter.editionId
    ? await ctx.db.select({ name: editions.name }).from(editions).where(eq(editions.id, filter.editionId))
    : [];
  const [org] = filter.orgId
    ? await ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, filter.orgId))
    : [];
  return [
    product?.name ?? "Unknown product",
    edition?.name ?? "all editions",
    org?.name ?? "all customers",
    `${filter.status} licenses`,
    filter.expiringWithinDays ? `expiring within ${filter.expiringWithinDays} days` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

export const BULK_ROTATIONS_PAGE_SIZE = 20;

/** Newest first, a page at a time. */
export async function listBulkRotations(ctx: Ctx, { page = 1 }: { page?: number } = {}) {
  const rows = await ctx.db
    .select({ id: bulkRotations.id })
    .from(bulkRotations)
    .orderBy(desc(bulkRotations.createdAt))
    .limit(BULK_ROTATIONS_PAGE_SIZE + 1)
    .offset((page - 1) * BULK_ROTATIONS_PAGE_SIZE);
  const runs = await Promise.all(
    rows.slice(0, BULK_ROTATIONS_PAGE_SIZE).map(({ id }) => getBulkRotationProgress(ctx, { bulkRunId: id })),
  );
  return { runs, hasMore: rows.length > BULK_ROTATIONS_PAGE_SIZE };
}
