import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { bulkRotations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, type TransitionTable, type Viewer } from "@/lib/state-machine";

export type BulkRotationState = (typeof bulkRotations.state.enumValues)[number];
export type BulkRotation = typeof bulkRotations.$inferSelect;

/**
 * awaiting_approval → running (a second admin approved) or rejected (rejected or expired);
 * running ⇄ paused; running → halted (validation failures crossed the threshold) → running again
 * after review; running → completed; anything open → cancelled.
 */
export const bulkRotationTransitions: TransitionTable<BulkRotationState> = {
  awaiting_approval: ["running", "rejected"],
  running: ["paused", "halted", "completed", "cancelled"],
  paused: ["running", "cancelled"],
  halted: ["running", "cancelled"],
  completed: [],
  cancelled: [],
  rejected: [],
};

type HasState = Pick<BulkRotation, "state">;
export const isAwaitingApproval = (run: HasState) => run.state === "awaiting_approval";
/** Stopped by its failure threshold: resuming counts only failures from then on. */
export const isHalted = (run: HasState) => run.state === "halted";
/** Something may change without anyone clicking: the worker steps it, or an approval starts it. */
export const isInMotion = (run: HasState) => run.state === "running" || isAwaitingApproval(run);

const isAdmin = (viewer: Viewer) => viewer.type === "staff" && viewer.role === "admin";
const refuse = (what: string) => (state: BulkRotationState) =>
  new Conflict(`A ${state.replace("_", " ")} bulk rotation cannot be ${what}.`);

/** The controls of a run's page, from its state (issue 23); every one is an admin's. */
export const bulkRotationMachine = defineMachine({
  transitions: bulkRotationTransitions,
  stateOf: (run: HasState) => run.state,
  actions: {
    pause: { from: ["running"], allowed: isAdmin, refuse: refuse("paused") },
    resume: { from: ["paused", "halted"], allowed: isAdmin, refuse: refuse("resumed") },
    cancel: { from: ["running", "paused", "halted"], allowed: isAdmin, refuse: refuse("cancelled") },
  },
});

type BulkStamp = Partial<
  Pick<
    typeof bulkRotations.$inferInsert,
    "startedAt" | "finishedAt" | "haltReason" | "failuresCountedFrom" | "currentWave" | "selectedCount"
  >
>;

/** The only place a bulk rotation changes state: guarded update + audit event, same transaction. */
export async function transitionBulkRotation(
  tx: Tx,
  ctx: Ctx,
  run: Pick<BulkRotation, "id" | "state">,
  to: BulkRotationState,
  { reason, data = {}, stamp = {} }: { reason?: string | null; data?: Record<string, unknown>; stamp?: BulkStamp } = {},
): Promise<void> {
  assertTransition(bulkRotationTransitions, run.state, to, "This bulk rotation");
  const now = ctx.now();
  const updated = await tx
    .update(bulkRotations)
    .set({ state: to, updatedAt: now, ...stamp })
    .where(and(eq(bulkRotations.id, run.id), eq(bulkRotations.state, run.state)))
    .returning({ id: bulkRotations.id });
  if (updated.length === 0)
    throw new Conflict("This bulk rotation changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    action: `bulk_rotation.${to}`,
    subjectType: "bulk_rotation",
    subjectId: run.id,
    reason: reason ?? undefined,
    data: { from: run.state, to, ...data, ...stamp },
  });
}
