import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
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

export const OPEN_ROTATION_STATES: RotationState[] = ["planned", "notified", "issued", "overlapping"];

type RotationStamp = Partial<Pick<typeof rotations.$inferInsert, "notifiedAt" | "issuedAt" | "overlapEndsAt" | "completedAt" | "oldKeyId" | "newKeyId" | "lastError" | "scheduledFor">>;

/**
 * The only place a rotation changes state. The `WHERE state = from` guard makes a second worker
 * (or a retry after a crash) that lost the race fail cleanly instead of repeating the step.
 */
export async function transitionRotation(
  tx: Tx,
  ctx: Ctx,
  rotation: Pick<Rotation, "id" | "state" | "licenseId" | "kind">,
  to: RotationState,
  { orgId, reason, stamp = {} }: { orgId: string; reason?: string | null; stamp?: RotationStamp },
): Promise<void> {
  assertTransition(rotationTransitions, rotation.state, to, "This rotation");
  const now = ctx.now();
  const updated = await tx
    .update(rotations)
    .set({ state: to, updatedAt: now, ...stamp })
    .where(and(eq(rotations.id, rotation.id), eq(rotations.state, rotation.state)))
    .returning({ id: rotations.id });
  if (updated.length === 0) throw new Conflict("This rotation changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId,
    action: `rotation.${to}`,
    subjectType: "license",
    subjectId: rotation.licenseId,
    reason: reason ?? undefined,
    data: { rotationId: rotation.id, kind: rotation.kind, from: rotation.state, to, ...stamp },
  });
}
