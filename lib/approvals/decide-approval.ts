import { eq } from "drizzle-orm";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { Ctx, StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { approvals } from "@/lib/db/schema";
import { Forbidden, NotFound, PolicyViolation } from "@/lib/errors";
import type { NoticeDeps } from "@/lib/licensing";
import type { StaffReason } from "@/lib/validations/staff";
import { type ApprovalExecuteDeps, handlerFor } from "./approval-actions";
import { type Approval, approvalMachine, transitionApproval } from "./approval-transitions";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";

type DecideInput = { approvalId: string } & StaffReason;

/**
 * Checks that this admin may decide now: a pending request, not their own (four eyes; the
 * database check `approvals_four_eyes_ck` backs this up), not expired. An expired request is
 * marked so in the database before the refusal, which is why the caller commits before throwing.
 */
async function lockDecidable(
  tx: Tx,
  ctx: StaffCtx,
  approvalId: string,
): Promise<{ approval: Approval; isExpired: boolean }> {
  const [approval] = await tx.select().from(approvals).where(eq(approvals.id, approvalId)).for("update");
  if (!approval) throw new NotFound("No such approval request.");
  assertAction(approvalMachine, "decide", approval, viewerOf(ctx));
  if (approval.requestedBy === ctx.actor.userId)
    throw new Forbidden("You requested this yourself; a second admin must decide it.");
  const isExpired = approval.expiresAt <= ctx.now();
  if (isExpired) await expireApproval(tx, ctx, approval);
  return { approval, isExpired };
}

export async function expireApproval(tx: Tx, ctx: Ctx, approval: Approval) {
  const reason = "not decided before it expired";
  await transitionApproval(tx, ctx, approval, "expired", { reason });
  await handlerFor(approval).close?.(tx, ctx, approval, reason);
}

const expiredError = () =>
  new PolicyViolation(
    "This request has expired and can no longer be approved. Ask for it again if it is still needed.",
  );

/** A second admin approves: the action runs in the same transaction, so both commit or neither. */
export async function approveRequest(
  ctx: StaffCtx,
  { approvalId, reason, reasonCategory }: DecideInput,
  deps: NoticeDeps & ApprovalExecuteDeps,
) {
  assertAdmin(ctx);
  const outcome = await ctx.db.transaction(async (tx) => {
    const { approval, isExpired } = await lockDecidable(tx, ctx, approvalId);
    if (isExpired) return { isExpired: true as const };
    const result = await handlerFor(approval).execute(tx, ctx, approval, deps);
    await transitionApproval(tx, ctx, approval, "executed", {
      reason,
      data: { reasonCategory, requestedBy: approval.requestedBy },
    });
    return { isExpired: false as const, approval, action: approval.action, result };
  });
  if (outcome.isExpired) throw expiredError();
  await handlerFor(outcome.approval).notify?.(ctx, outcome.approval, outcome.result, deps);
  return outcome;
}

export async function rejectRequest(ctx: StaffCtx, { approvalId, reason, reasonCategory }: DecideInput) {
  assertAdmin(ctx);
  const isExpired = await ctx.db.transaction(async (tx) => {
    const { approval, isExpired } = await lockDecidable(tx, ctx, approvalId);
    if (isExpired) return true;
    await transitionApproval(tx, ctx, approval, "rejected", { reason, data: { reasonCategory } });
    await handlerFor(approval).close?.(tx, ctx, approval, reason);
    return false;
  });
  if (isExpired) throw expiredError();
}
