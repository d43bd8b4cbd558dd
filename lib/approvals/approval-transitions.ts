import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { actorId } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { approvals } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, type TransitionTable } from "@/lib/state-machine";

export type ApprovalStatus = (typeof approvals.status.enumValues)[number];
export type Approval = typeof approvals.$inferSelect;

/**
 * pending → executed (a second admin approved and the action ran in the same transaction),
 * rejected, or expired. `approved` is never stored: approving and executing commit together, so
 * there is no approved-but-not-done limbo a crash could leave behind.
 */
export const approvalTransitions: TransitionTable<ApprovalStatus> = {
  pending: ["executed", "rejected", "expired"],
  approved: [],
  executed: [],
  rejected: [],
  expired: [],
};

export function isPending(approval: Pick<Approval, "status">): boolean {
  return approval.status === "pending";
}

/** Still pending but past its deadline: nobody may decide it; the next look marks it expired. */
export function isOverdue(approval: Pick<Approval, "status" | "expiresAt">, now: Date): boolean {
  return isPending(approval) && approval.expiresAt <= now;
}

/**
 * Deciding (approve or reject) is an admin's, on a pending request that is not overdue; four eyes
 * (not one's own request) is checked beside it, since it is about the person, not the state.
 */
export const approvalMachine = defineMachine({
  transitions: approvalTransitions,
  stateOf: (approval: Pick<Approval, "status">) => approval.status,
  actions: {
    decide: {
      from: ["pending"],
      allowed: (viewer) => viewer.type === "staff" && viewer.role === "admin",
      forbidden: "Only an admin can do this.",
      refuse: (status) => new Conflict(`This request was already ${status}.`),
    },
  },
});

/** The only place an approval changes status: guarded update + audit event, same transaction. */
export async function transitionApproval(
  tx: Tx,
  ctx: Ctx,
  approval: Pick<Approval, "id" | "status" | "action" | "subjectType" | "subjectId">,
  to: ApprovalStatus,
  { reason, data = {} }: { reason?: string; data?: Record<string, unknown> } = {},
): Promise<void> {
  assertTransition(approvalTransitions, approval.status, to, "This approval request");
  const now = ctx.now();
  const decided = to === "expired" ? {} : { decidedBy: actorId(ctx.actor), decidedAt: now };
  const updated = await tx
    .update(approvals)
    .set({ status: to, ...decided })
    .where(and(eq(approvals.id, approval.id), eq(approvals.status, approval.status)))
    .returning({ id: approvals.id });
  if (updated.length === 0)
    throw new Conflict("This approval request was decided by someone else meanwhile; refresh the page.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    action: `approval.${to}`,
    subjectType: approval.subjectType,
    subjectId: approval.subjectId,
    reason,
    data: { approvalId: approval.id, approvalAction: approval.action, from: approval.status, to, ...data },
  });
}
