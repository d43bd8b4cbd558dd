import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { actorId, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { offboardings } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, type TransitionTable } from "@/lib/state-machine";

export type OffboardingStatus = (typeof offboardings.status.enumValues)[number];
export type Offboarding = typeof offboardings.$inferSelect;

/** scheduled → cancelled (staff, until the date) or completed (the worker, at the date). */
export const offboardingTransitions: TransitionTable<OffboardingStatus> = {
  scheduled: ["cancelled", "completed"],
  cancelled: [],
  completed: [],
};

export const offboardingMachine = defineMachine({
  transitions: offboardingTransitions,
  stateOf: (offboarding: Pick<Offboarding, "status">) => offboarding.status,
  actions: {
    cancel: {
      from: ["scheduled"],
      allowed: (viewer) => viewer.type === "staff",
      forbidden: "Only staff can cancel an offboarding.",
      refuse: (status) => new Conflict(`This offboarding is already ${status}.`),
    },
  },
});

/** The only place an offboarding changes status: guarded update + audit event, same transaction. */
export async function transitionOffboarding(
  tx: Tx,
  ctx: Ctx,
  offboarding: Pick<Offboarding, "id" | "orgId" | "status">,
  to: OffboardingStatus,
  { reason, data = {} }: { reason: string; data?: Record<string, unknown> },
): Promise<Offboarding> {
  assertTransition(offboardingTransitions, offboarding.status, to, "This offboarding");
  const now = ctx.now();
  const [updated] = await tx
    .update(offboardings)
    .set({ status: to, closedAt: now, closedBy: actorId(ctx.actor) })
    .where(and(eq(offboardings.id, offboarding.id), eq(offboardings.status, offboarding.status)))
    .returning();
  if (!updated) throw new Conflict("This offboarding changed meanwhile; refresh the page.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: offboarding.orgId,
    action: `offboarding.${to}`,
    subjectType: "organization",
    subjectId: offboarding.orgId,
    reason,
    data: { offboardingId: offboarding.id, from: offboarding.status, to, ...data },
  });
  return updated;
}

export function isScheduled(offboarding: Pick<Offboarding, "status">): boolean {
  return offboarding.status === "scheduled";
}
