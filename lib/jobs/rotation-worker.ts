/**
 * The rotation worker: plans scheduled rotations, moves due rotations one step at a time, and
 * sends notices. Safe to run in any number of processes against one PostgreSQL: each rotation is
 * claimed with `FOR UPDATE SKIP LOCKED`, and every step is guarded by its current state, so a
 * step is never taken twice and a crash at any point is simply resumed by the next pass.
 */
import { and, eq, exists, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { chunksOf, forEachConcurrently } from "@/lib/concurrency";
import { appendAuditEventsLast, type WriteAuditCheckpointsDeps } from "@/lib/audit";
import type { Actor, Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { isAnyOf, updateRowsById } from "@/lib/db/json-rows";
import { bulkRotations, licenses, rotations } from "@/lib/db/schema";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { AlertThresholds } from "@/lib/health/health-alerts";
import type { SigningKeySchedulePolicy } from "@/lib/signing";
import type { Mailer } from "@/lib/notify";
import { advanceBulkRotations, type BulkPassReport } from "@/lib/rotation/advance-bulk-rotations";
import { findEffectivePreferences } from "@/lib/rotation/get-rotation-preference";
import { planFleetRotations } from "@/lib/rotation/plan-fleet-rotations";
import { DEFAULT_NOTICE_LEAD_DAYS } from "@/lib/rotation/find-notice-facts";
import { nextAttentionAt, takeAllDueStepsTogether } from "@/lib/rotation/rotation-steps";
import { hasMoved, isOpen, OPEN_ROTATION_STATES, transitionRotation } from "@/lib/rotation/rotation-transitions";
import type { RotationWindowCount } from "@/lib/rotation/count-rotation-windows";
import { enqueueDueRotationNotices, type DigestLedger } from "@/lib/rotation/enqueue-rotation-notices";
import { enqueueDueOverlapEndingNotices } from "@/lib/rotation/enqueue-overlap-ending-notices";

export const WORKER_ACTOR = { type: "system", label: "worker" } satisfies Actor;
const MAX_ATTEMPTS = 5;
const DEFAULT_BATCH_SIZE = 100;
/** Batches in flight at once within a pass; below the pool size (10), so reads never starve. */
const DEFAULT_CONCURRENCY = 4;
/** Rotations stepped together in one transaction: a statement per kind of write, not per rotation. */
const DEFAULT_STEP_BATCH_SIZE = 250;

export interface WorkerDeps {
  db: Db;
  now: () => Date;
  secrets: KeySecrets;
  mailer: Mailer;
  portalUrl: string;
  /** The vendor's renewal or contact page for renewal reminders; without it they link to the license. */
  renewalUrl?: string;
  /** Rotations read per page (a pass reads every due rotation, page by page), and licenses read per page for planning. */
  batchSize?: number;
  /** Operator alerts after each pass (`lib/health`); off when absent. */
  alerts?: { thresholds: AlertThresholds; recipients: string[]; dashboardUrl: string };
  /** Batches stepped (and licenses planned) at once within a pass. */
  concurrency?: number;
  /** Rotations stepped (or licenses planned) together in one transaction. */
  stepBatchSize?: number;
  /** Rotates signing keys on schedule (lib/signing/signing-key-schedule.ts); off when absent. */
  signingKeySchedule?: SigningKeySchedulePolicy;
  /** Signs audit checkpoints after each pass (lib/audit/write-audit-checkpoints.ts); off when absent. */
  auditCheckpoints?: Omit<WriteAuditCheckpointsDeps, "keys" | "pageSize">;
  /** Test seam: called before each step's transaction commits, to simulate a crash there. */
  beforeCommit?: (rotation: { id: string; state: string }) => void;
}

export interface WorkerPassReport {
  bulk: BulkPassReport;
  planned: number;
  stepped: number;
  /** Upcoming-rotation and overlap-ending emails queued (the outbox delivers them). */
  noticesSent: number;
  failed: number;
}

export async function runRotationWorkerPass(deps: WorkerDeps): Promise<WorkerPassReport> {
  const ctx: Ctx = { db: deps.db, now: deps.now, actor: WORKER_ACTOR };
  // First, so the rotations a bulk wave plans now are stepped in this same pass.
  const bulk = await advanceBulkRotations(ctx);
  const report: WorkerPassReport = { bulk, planned: 0, stepped: 0, noticesSent: 0, failed: 0 };
  const now = deps.now();
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  const isDue = and(
    inArray(rotations.state, OPEN_ROTATION_STATES),
    lte(rotations.nextStepAt, now),
    // A paused, halted or cancelled bulk run holds back keys it has not issued yet.
    or(
      eq(rotations.state, "overlapping"),
      isNull(rotations.bulkRunId),
      exists(
        deps.db
          .select({ one: sql`1` })
          .from(bulkRotations)
          .where(and(eq(bulkRotations.id, rotations.bulkRunId), eq(bulkRotations.state, "running"))),
      ),
    ),
  );
  // Pages through the rotations due now in (nextStepAt, id) order. Each one handled here gets its
  // next time, later than now, so the pass ends; one another worker holds (or that failed) stays
  // behind the cursor until the next pass.
  const pass: PassState = { report, windowCounts: new Map(), digestsQueued: new Set() };
  for (let after: { nextStepAt: Date | null; id: string } | null = null; ; ) {
    const page = await deps.db
      .select({ id: rotations.id, nextStepAt: rotations.nextStepAt })
      .from(rotations)
      .where(
        after
          ? and(
              isDue,
              or(
                gt(rotations.nextStepAt, after.nextStepAt!),
                and(eq(rotations.nextStepAt, after.nextStepAt!), gt(rotations.id, after.id)),
              ),
            )
          : isDue,
      )
      .orderBy(rotations.nextStepAt, rotations.id)
      .limit(batchSize);
    const batches = chunksOf(
      page.map(({ id }) => id),
      deps.stepBatchSize ?? DEFAULT_STEP_BATCH_SIZE,
    );
    await forEachConcurrently(batches, deps.concurrency ?? DEFAULT_CONCURRENCY, (batch) =>
      stepRotations(ctx, batch, deps, pass),
    );
    if (page.length < batchSize) break;
    after = page.at(-1)!;
  }
  // Last, so a rotation completed in this pass gets its successor planned in this pass too.
  report.planned = await planFleetRotations(ctx, { pageSize: deps.batchSize ?? DEFAULT_BATCH_SIZE });
  return report;
}

interface PassState {
  report: WorkerPassReport;
  /** Rotation windows counted for digests in this pass (a fleet's window once, not once per batch). */
  windowCounts: Map<string, Promise<RotationWindowCount | undefined>>;
  /** Digests queued by this pass's transactions, committed or still open (see enqueueDueRotationNotices). */
  digestsQueued: Set<string>;
}

/**
 * Steps a batch together. If the batch fails, its rotations are stepped one by one, so one bad
 * rotation neither holds back the others nor goes unattributed: only it records the failure.
 */
async function stepRotations(ctx: Ctx, ids: string[], deps: WorkerDeps, pass: PassState): Promise<void> {
  const queuedHere: string[] = [];
  const digestsQueued: DigestLedger = {
    has: (digestKey) => pass.digestsQueued.has(digestKey),
    add: (digestKey) => {
      pass.digestsQueued.add(digestKey);
      queuedHere.push(digestKey);
    },
  };
  try {
    const { moved, noticesQueued } = await stepClaimedRotations(ctx, ids, deps, { ...pass, digestsQueued });
    pass.report.stepped += moved;
    pass.report.noticesSent += noticesQueued;
  } catch (error) {
    // Rolled back with this transaction: the retry below, or the next pass, queues them again.
    for (const digestKey of queuedHere) pass.digestsQueued.delete(digestKey);
    if (ids.length > 1) {
      for (const id of ids) await stepRotations(ctx, [id], deps, pass);
      return;
    }
    pass.report.failed += 1;
    await recordFailure(ctx, ids[0]!, error);
  }
}

/**
 * Claims the batch's rotations that no other worker holds, takes every step due now, queues the
 * notices due now and sets when each is due next, all in one transaction; returns how many moved.
 */
async function stepClaimedRotations(
  ctx: Ctx,
  rotationIds: string[],
  deps: WorkerDeps,
  pass: Pick<PassState, "windowCounts"> & { digestsQueued: DigestLedger },
): Promise<{ moved: number; noticesQueued: number }> {
  return ctx.db.transaction((tx) =>
    appendAuditEventsLast(tx, async () => {
      // Licenses first, then their rotations: the order every customer and staff action on a
      // license takes (lockLicenseForRotation, then the rotation). A worker that held a rotation while
      // it waited for the license deadlocked with Undo of a postponement, which held the license and
      // then updated the rotation (a CI run's e2e; rotation-worker.concurrency.test.ts). A license
      // someone is acting on is left for the next pass.
      // Rotation ids as a list of bound ids, not isAnyOf: the planner then knows how many there are
      // and takes the primary key, where an array of unknown length led it to scan all of
      // rotations_next_step_idx (id is its second column) for every batch while the table's
      // statistics were stale.
      const due = await tx
        .selectDistinct({ licenseId: rotations.licenseId })
        .from(rotations)
        .where(and(inArray(rotations.id, rotationIds), inArray(rotations.state, OPEN_ROTATION_STATES)));
      if (due.length === 0) return { moved: 0, noticesQueued: 0 };
      const owners = await tx
        .select({ id: licenses.id, orgId: licenses.orgId })
        .from(licenses)
        .where(
          isAnyOf(
            licenses.id,
            due.map((rotation) => rotation.licenseId),
          ),
        )
        .orderBy(licenses.id)
        .for("update", { skipLocked: true });
      if (owners.length === 0) return { moved: 0, noticesQueued: 0 };
      const claimed = await tx
        .select()
        .from(rotations)
        .where(
          and(
            inArray(rotations.id, rotationIds),
            inArray(
              rotations.licenseId,
              owners.map((license) => license.id),
            ),
            inArray(rotations.state, OPEN_ROTATION_STATES),
          ),
        )
        .for("update", { skipLocked: true });
      if (claimed.length === 0) return { moved: 0, noticesQueued: 0 };
      const orgOf = new Map(owners.map((license) => [license.id, license.orgId]));
      const preferences = await findEffectivePreferences(
        tx,
        claimed.map((rotation) => ({ orgId: orgOf.get(rotation.licenseId)!, licenseId: rotation.licenseId })),
      );
      const after = await takeAllDueStepsTogether(
        tx,
        claimed.map((rotation) => ({
          rotation,
          orgId: orgOf.get(rotation.licenseId)!,
          noticeLeadDays: preferences.get(rotation.licenseId)?.noticeLeadDays ?? DEFAULT_NOTICE_LEAD_DAYS,
        })),
        { ctx, secrets: deps.secrets },
      );
      const noticesQueued =
        (await enqueueDueRotationNotices(
          tx,
          after.map(({ rotation }) => rotation),
          {
            now: ctx.now(),
            portalUrl: deps.portalUrl,
            windowCounts: pass.windowCounts,
            digestsQueued: pass.digestsQueued,
          },
        )) +
        (await enqueueDueOverlapEndingNotices(
          tx,
          after.map(({ rotation }) => rotation),
          { now: ctx.now(), portalUrl: deps.portalUrl },
        ));
      // Due only for a notice: nothing moved, so only the time it is next due changes.
      const unmoved = after.filter(({ rotation }, index) => !hasMoved(claimed[index]!, rotation));
      await updateRowsById(
        tx,
        rotations,
        unmoved.map(({ rotation, noticeLeadDays }) => ({
          id: rotation.id,
          set: { nextStepAt: nextAttentionAt(rotation, noticeLeadDays, ctx.now()) },
        })),
      );
      for (const { rotation } of after) deps.beforeCommit?.(rotation);
      return { moved: after.length - unmoved.length, noticesQueued };
    }),
  );
}

/** Retries with backoff come from the next passes; after MAX_ATTEMPTS the rotation is failed, for staff to see. */
async function recordFailure(ctx: Ctx, rotationId: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await ctx.db.transaction(async (tx) => {
    const [rotation] = await tx.select().from(rotations).where(eq(rotations.id, rotationId)).for("update");
    if (!rotation || !isOpen(rotation)) return;
    const attempts = rotation.attempts + 1;
    await tx
      .update(rotations)
      .set({ attempts, lastError: message.slice(0, 500) })
      .where(eq(rotations.id, rotationId));
    if (attempts >= MAX_ATTEMPTS) {
      const [license] = await tx
        .select({ orgId: licenses.orgId })
        .from(licenses)
        .where(eq(licenses.id, rotation.licenseId));
      await transitionRotation(tx, ctx, rotation, "failed", {
        orgId: license!.orgId,
        reason: `gave up after ${attempts} attempts: ${message.slice(0, 200)}`,
      });
    }
  });
}
