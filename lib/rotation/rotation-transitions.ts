import { appendAuditEvents } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { updateRowsById } from "@/lib/db/json-rows";
import { rotations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, type TransitionTable } from "@/lib/state-machine";

export type RotationState = (typeof rotations.state.enumValues)[number];
export type Rotation = typeof rotations.$inferSelect;

/**
 * planned → notified (first notice sent) → issued (new key pending: downloadable and already
 * valid) → overlapping (new key active, old key still valid until overlapEndsAt) → completed.
 * A planned change can be cancelled; an overlap can be rolled back; any open step can fail.
 */
export const rotationTransitions: TransitionTable<RotationState> = {
  planned: ["notified", "cancelled", "failed"],
  notified: ["issued", "cancelled", "failed"],
  issued: ["overlapping", "cancelled", "failed"],
  overlapping: ["completed", "rolled_back", "failed"],
  completed: [],
  cancelled: [],
  rolled_back: [],
  failed: [],
};

/** Before the switch: the old key is still the license's active key (the new one at most issued). */
export const UPCOMING_ROTATION_STATES: RotationState[] = ["planned", "notified", "issued"];
export const OPEN_ROTATION_STATES: RotationState[] = [...UPCOMING_ROTATION_STATES, "overlapping"];

/** The state questions use cases, the worker and pages ask of a rotation (issue 23). */
type HasState = Pick<Rotation, "state">;
export const isUpcoming = (rotation: HasState) => UPCOMING_ROTATION_STATES.includes(rotation.state);
export const isOpen = (rotation: HasState) => OPEN_ROTATION_STATES.includes(rotation.state);
/** Still only planned: nothing issued yet, so it can be cancelled and replaced without a trace. */
export const isPlanned = (rotation: HasState) => rotation.state === "planned";
/** Its new key is issued (pending, downloadable, already valid) and not yet the active one. */
export const isNewKeyIssued = (rotation: HasState) => rotation.state === "issued";
export const isOverlapping = (rotation: HasState) => rotation.state === "overlapping";
export const isCompleted = (rotation: HasState) => rotation.state === "completed";
export const isCancelled = (rotation: HasState) => rotation.state === "cancelled";
/** The key changed, whatever came after: overlapping, completed or rolled back. */
export const ROTATED_STATES: RotationState[] = ["overlapping", "completed", "rolled_back"];
export const isRotated = (rotation: HasState) => ROTATED_STATES.includes(rotation.state);
export const hasMoved = (before: HasState, after: HasState) => before.state !== after.state;
/** Where an open rotation goes when something supersedes it: an overlap already switched keys, so it failed; before that it is merely cancelled. */
export const abandonedStateOf = (rotation: HasState): RotationState =>
  isOverlapping(rotation) ? "failed" : "cancelled";

type RotationStamp = Partial<
  Pick<
    typeof rotations.$inferInsert,
    "notifiedAt" | "issuedAt" | "overlapEndsAt" | "completedAt" | "oldKeyId" | "newKeyId" | "lastError" | "scheduledFor"
  >
>;

export interface RotationMove {
  rotation: Pick<Rotation, "id" | "state" | "licenseId" | "kind">;
  orgId: string;
  reason?: string | null;
  stamp?: RotationStamp;
}

/**
 * Rotation rows changed by the transitions of one transaction, written together at its end: a
 * scheduled rotation's first notice and its new key are two transitions (two audit events) but
 * one UPDATE of the row, which matters when a fleet of rotations steps at once.
 */
export type StagedRotationWrites = Map<string, { from: RotationState; set: Partial<typeof rotations.$inferInsert> }>;

/**
 * The only place a rotation changes state. The `WHERE state = from` guard makes a second worker
 * (or a retry after a crash) that lost the race fail cleanly instead of repeating the step. A
 * batch moves many rotations in one guarded UPDATE and one audit append, all or nothing. With
 * `staged`, the rows change in memory only, until writeStagedRotations (in the same transaction).
 */
export async function transitionRotations(
  tx: Tx,
  ctx: Ctx,
  moves: readonly RotationMove[],
  to: RotationState,
  staged?: StagedRotationWrites,
): Promise<void> {
  if (moves.length === 0) return;
  for (const { rotation } of moves) assertTransition(rotationTransitions, rotation.state, to, "This rotation");
  const now = ctx.now();
  // Still open: due at once, and the worker that took the step sets the real next time (it knows
  // the notice lead times); finished: never looked at again.
  const setOf = ({ stamp = {} }: RotationMove) => ({
    state: to,
    updatedAt: now,
    nextStepAt: OPEN_ROTATION_STATES.includes(to) ? now : null,
    ...stamp,
  });
  if (staged) {
    for (const move of moves) {
      const earlier = staged.get(move.rotation.id);
      if (earlier && earlier.set.state !== move.rotation.state)
        throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
      staged.set(move.rotation.id, {
        from: earlier?.from ?? move.rotation.state,
        set: { ...earlier?.set, ...setOf(move) },
      });
    }
  } else {
    await writeRotations(
      tx,
      moves.map((move) => ({ id: move.rotation.id, set: setOf(move), where: { state: move.rotation.state } })),
    );
  }
  await appendAuditEvents(
    tx,
    moves.map(({ rotation, orgId, reason, stamp = {} }) => ({
      actor: ctx.actor,
      at: now,
      orgId,
      action: `rotation.${to}`,
      subjectType: "license",
      subjectId: rotation.licenseId,
      reason: reason ?? undefined,
      data: { rotationId: rotation.id, kind: rotation.kind, from: rotation.state, to, ...stamp },
    })),
  );
}

/** Writes the staged rows, each guarded by the state it had before its first staged transition. */
export async function writeStagedRotations(tx: Tx, staged: StagedRotationWrites): Promise<void> {
  // One statement per set of changed fields (a JSON batch names the same fields in every row).
  const byFields = new Map<
    string,
    { id: string; set: Partial<typeof rotations.$inferInsert>; where: { state: RotationState } }[]
  >();
  for (const [id, { from, set }] of staged) {
    const fields = Object.keys(set).sort().join();
    const group = byFields.get(fields) ?? [];
    group.push({ id, set, where: { state: from } });
    byFields.set(fields, group);
  }
  for (const rows of byFields.values()) await writeRotations(tx, rows);
}

async function writeRotations(
  tx: Tx,
  rows: { id: string; set: Partial<typeof rotations.$inferInsert>; where: { state: RotationState } }[],
): Promise<void> {
  const updated = await updateRowsById(tx, rotations, rows);
  if (updated.length !== rows.length)
    throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
}

export function transitionRotation(
  tx: Tx,
  ctx: Ctx,
  rotation: RotationMove["rotation"],
  to: RotationState,
  options: Omit<RotationMove, "rotation">,
): Promise<void> {
  return transitionRotations(tx, ctx, [{ rotation, ...options }], to);
}
