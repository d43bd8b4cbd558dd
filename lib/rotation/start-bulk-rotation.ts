import { and, count, eq } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { bulkRotations, bulkRotationWaves, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { BulkRotationFilter } from "@/lib/validations/ops";
import { matchesBulkFilter } from "./bulk-rotation-selection";
import { type BulkRotation, isAwaitingApproval, transitionBulkRotation } from "./bulk-rotation-transitions";

export async function lockBulkRotation(tx: Tx, bulkRunId: string): Promise<BulkRotation> {
  const [run] = await tx.select().from(bulkRotations).where(eq(bulkRotations.id, bulkRunId)).for("update");
  if (!run) throw new NotFound("No such bulk rotation.");
  return run;
}

/**
 * Starts an approved run (called by the approval, in its transaction): the selection is counted
 * now and the first wave opens. The worker plans the wave's rotations in chunks.
 */
export async function startBulkRotation(
  tx: Tx,
  ctx: Ctx,
  { bulkRunId, reason }: { bulkRunId: string; reason: string },
) {
  const run = await lockBulkRotation(tx, bulkRunId);
  const now = ctx.now();
  const [selected] = await tx
    .select({ n: count() })
    .from(licenses)
    .where(matchesBulkFilter(tx, run.filter as BulkRotationFilter, now));
  await transitionBulkRotation(tx, ctx, run, "running", {
    reason,
    stamp: { startedAt: now, selectedCount: selected!.n, currentWave: 0, failuresCountedFrom: now },
  });
  await openWave(tx, { run: { ...run, selectedCount: selected!.n }, wave: 0, now, plannedSoFar: 0 });
}

/** A wave's target is its cumulative share of the selection minus what earlier waves planned. */
export async function openWave(
  tx: Tx,
  {
    run,
    wave,
    now,
    plannedSoFar,
  }: {
    run: Pick<BulkRotation, "id" | "wavePercents" | "selectedCount">;
    wave: number;
    now: Date;
    plannedSoFar: number;
  },
) {
  const percent = run.wavePercents[wave]!;
  const cumulative = Math.ceil(((run.selectedCount ?? 0) * percent) / 100);
  await tx
    .update(bulkRotationWaves)
    .set({ startedAt: now, target: Math.max(0, cumulative - plannedSoFar) })
    .where(and(eq(bulkRotationWaves.bulkRunId, run.id), eq(bulkRotationWaves.wave, wave)));
}

/** The request was rejected or expired before anyone approved it. */
export async function closeBulkRotationRequest(
  tx: Tx,
  ctx: Ctx,
  { bulkRunId, reason }: { bulkRunId: string; reason: string },
) {
  const run = await lockBulkRotation(tx, bulkRunId);
  if (isAwaitingApproval(run))
    await transitionBulkRotation(tx, ctx, run, "rejected", { reason, stamp: { finishedAt: ctx.now() } });
}
