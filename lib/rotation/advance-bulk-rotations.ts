/**
 * The bulk-rotation part of a worker pass. For each running run it plans the current wave's
 * rotations in chunks (never the whole selection at once), halts the run when validations of the
 * rotated licenses fail too often, and opens the next wave once the current one is issued and has
 * soaked. The rotations themselves are stepped by the ordinary rotation worker. Each run is
 * claimed with SKIP LOCKED, so several workers share the load without doing anything twice.
 */
import { and, asc, count, eq, inArray, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { bulkRotations, bulkRotationWaves, licenses, rotations } from "@/lib/db/schema";
import type { BulkRotationFilter } from "@/lib/validations/ops";
import { isEligibleForBulkRun } from "./bulk-rotation-selection";
import { haltVerdict, measureBulkRotationHealth } from "./bulk-rotation-health";
import { transitionBulkRotation, type BulkRotation } from "./bulk-rotation-transitions";
import { openWave } from "./start-bulk-rotation";
import { OPEN_ROTATION_STATES, transitionRotations, UPCOMING_ROTATION_STATES } from "./rotation-transitions";

const BULK_REISSUE_CUSTOMER_REASON = "planned key reissue by the vendor";

const MINUTE_MS = 60_000;

export interface BulkPassReport {
  planned: number;
  halted: number;
  wavesOpened: number;
  completed: number;
  cancelledRotations: number;
}

export async function advanceBulkRotations(
  ctx: Ctx,
  { chunkSize = 1000 }: { chunkSize?: number } = {},
): Promise<BulkPassReport> {
  const report: BulkPassReport = { planned: 0, halted: 0, wavesOpened: 0, completed: 0, cancelledRotations: 0 };
  const running = await ctx.db
    .select({ id: bulkRotations.id })
    .from(bulkRotations)
    .where(eq(bulkRotations.state, "running"))
    .orderBy(asc(bulkRotations.createdAt));
  for (const { id } of running) {
    await ctx.db.transaction(async (tx) => {
      const [run] = await tx
        .select()
        .from(bulkRotations)
        .where(and(eq(bulkRotations.id, id), eq(bulkRotations.state, "running")))
        .for("update", { skipLocked: true });
      if (run) await advanceRun(tx, ctx, run, chunkSize, report);
    });
  }
  report.cancelledRotations = await cancelLeftoverRotations(ctx, chunkSize);
  return report;
}

async function advanceRun(tx: Tx, ctx: Ctx, run: BulkRotation, chunkSize: number, report: BulkPassReport) {
  const now = ctx.now();
  const waveIndex = run.currentWave ?? 0;
  const [wave] = await tx
    .select()
    .from(bulkRotationWaves)
    .where(and(eq(bulkRotationWaves.bulkRunId, run.id), eq(bulkRotationWaves.wave, waveIndex)));
  const plannedInWave = await countRotations(tx, run.id, waveIndex);
  if (wave!.target !== null && plannedInWave < wave!.target) {
    report.planned += await planChunk(tx, ctx, run, {
      wave: waveIndex,
      target: wave!.target,
      plannedInWave,
      chunkSize,
    });
    return;
  }

  const verdict = haltVerdict(run, await measureBulkRotationHealth(tx, run));
  if (verdict) {
    await transitionBulkRotation(tx, ctx, run, "halted", { reason: verdict, stamp: { haltReason: verdict } });
    report.halted += 1;
    return;
  }

  if (await countRotations(tx, run.id, waveIndex, UPCOMING_ROTATION_STATES)) return;
  const issuedAt = wave!.issuedAt ?? now;
  if (!wave!.issuedAt) {
    await tx
      .update(bulkRotationWaves)
      .set({ issuedAt: now })
      .where(and(eq(bulkRotationWaves.bulkRunId, run.id), eq(bulkRotationWaves.wave, waveIndex)));
  }
  if (now.getTime() < issuedAt.getTime() + run.soakMinutes * MINUTE_MS) return;

  if (waveIndex + 1 < run.wavePercents.length) {
    await openWave(tx, { run, wave: waveIndex + 1, now, plannedSoFar: await countRotations(tx, run.id) });
    await tx
      .update(bulkRotations)
      .set({ currentWave: waveIndex + 1, updatedAt: now })
      .where(eq(bulkRotations.id, run.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "bulk_rotation.wave_started",
      subjectType: "bulk_rotation",
      subjectId: run.id,
      data: { wave: waveIndex + 1, percent: run.wavePercents[waveIndex + 1] },
    });
    report.wavesOpened += 1;
  } else if ((await countRotations(tx, run.id, undefined, OPEN_ROTATION_STATES)) === 0) {
    await transitionBulkRotation(tx, ctx, run, "completed", { stamp: { finishedAt: now } });
    report.completed += 1;
  }
}

/**
 * Plans up to one chunk of the wave: eligible licenses in a stable order, locked so a second worker
 * takes the next ones. A planned scheduled rotation is cancelled first (the reissue replaces it).
 * When fewer licenses are left than the wave wanted, the wave's target shrinks to what it got.
 */
async function planChunk(
  tx: Tx,
  ctx: Ctx,
  run: BulkRotation,
  {
    wave,
    target,
    plannedInWave,
    chunkSize,
  }: { wave: number; target: number; plannedInWave: number; chunkSize: number },
) {
  const now = ctx.now();
  const wanted = Math.min(chunkSize, target - plannedInWave);
  const chunk = await tx
    .select({ id: licenses.id, orgId: licenses.orgId })
    .from(licenses)
    .where(isEligibleForBulkRun(tx, run.filter as BulkRotationFilter, run.id, now))
    .orderBy(asc(licenses.id))
    .limit(wanted)
    .for("update", { skipLocked: true });
  if (chunk.length > 0) {
    const orgOf = new Map(chunk.map((license) => [license.id, license.orgId]));
    const replaced = await tx
      .select()
      .from(rotations)
      .where(
        and(
          inArray(rotations.licenseId, [...orgOf.keys()]),
          eq(rotations.kind, "scheduled"),
          eq(rotations.state, "planned"),
        ),
      );
    await transitionRotations(
      tx,
      ctx,
      replaced.map((rotation) => ({
        rotation,
        orgId: orgOf.get(rotation.licenseId)!,
        reason: "replaced by a bulk reissue",
      })),
      "cancelled",
    );
    await insertRows(
      tx,
      rotations,
      chunk.map((license) => ({
        licenseId: license.id,
        kind: "reissue" as const,
        state: "planned" as const,
        scheduledFor: now,
        overlapMinutes: run.overlapMinutes,
        requestedBy: run.requestedBy,
        // A rotation's reason reaches the customer (their Activity, through the worker's events):
        // the run's reason is the staff's internal note, so the customer reads a neutral sentence.
        reason: BULK_REISSUE_CUSTOMER_REASON,
        bulkRunId: run.id,
        bulkWave: wave,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "bulk_rotation.rotations_planned",
      subjectType: "bulk_rotation",
      subjectId: run.id,
      data: { wave, planned: chunk.length, replacedScheduled: replaced.length },
    });
  }
  if (chunk.length < wanted) {
    await tx
      .update(bulkRotationWaves)
      .set({ target: plannedInWave + chunk.length })
      .where(and(eq(bulkRotationWaves.bulkRunId, run.id), eq(bulkRotationWaves.wave, wave)));
  }
  return chunk.length;
}

async function countRotations(
  tx: Tx,
  bulkRunId: string,
  wave?: number,
  states?: readonly (typeof rotations.state.enumValues)[number][],
) {
  const [row] = await tx
    .select({ n: count() })
    .from(rotations)
    .where(
      and(
        eq(rotations.bulkRunId, bulkRunId),
        wave === undefined ? undefined : eq(rotations.bulkWave, wave),
        states ? inArray(rotations.state, [...states]) : undefined,
      ),
    );
  return row!.n;
}

/** A cancelled run's rotations that have not issued a key yet are cancelled, a chunk per pass. */
async function cancelLeftoverRotations(ctx: Ctx, chunkSize: number): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const leftovers = await tx
      .select({ rotation: rotations, orgId: licenses.orgId })
      .from(rotations)
      .innerJoin(bulkRotations, eq(bulkRotations.id, rotations.bulkRunId))
      .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
      .where(
        and(
          eq(bulkRotations.state, "cancelled"),
          isNotNull(rotations.bulkRunId),
          inArray(rotations.state, UPCOMING_ROTATION_STATES),
        ),
      )
      .limit(chunkSize)
      .for("update", { of: rotations, skipLocked: true });
    await transitionRotations(
      tx,
      ctx,
      leftovers.map(({ rotation, orgId }) => ({ rotation, orgId, reason: "bulk reissue cancelled" })),
      "cancelled",
    );
    return leftovers.length;
  });
}
