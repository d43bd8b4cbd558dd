import { and, eq, gt } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { approvals } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { StaffReason } from "@/lib/validations/staff";
import type { Approval } from "./approval-transitions";

const HOUR_MS = 3_600_000;

export type ApprovalAction =
  | "signing_key.revoke"
  | "bulk_rotation.start"
  | "license.revoke"
  | "license.extend"
  | "license.end_term"
  | "licenses.suspend"
  | SigningKeyApprovalAction
  | "api_token.create"
  | "api_token.roll";

/** The signing-key actions the four-eyes policy may hold (revocation always waits, above). */
export const SIGNING_KEY_APPROVAL_ACTIONS = [
  "signing_key.generate",
  "signing_key.activate",
  "signing_key.retire",
  "signing_key.hold_rotation",
  "signing_key.release_rotation",
] as const;
export type SigningKeyApprovalAction = (typeof SIGNING_KEY_APPROVAL_ACTIONS)[number];

export interface RequestApprovalInput extends StaffReason {
  action: ApprovalAction;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  /** How long the request stays open (REKEY_APPROVAL_TTL_HOURS). */
  ttlHours: number;
}

/**
 * Records a sensitive action that waits for a second admin. One open request per action and
 * subject: a duplicate would let two approvers run the same action twice.
 */
export async function requestApproval(tx: Tx, ctx: StaffCtx, input: RequestApprovalInput): Promise<Approval> {
  const now = ctx.now();
  const [open] = await tx
    .select({ id: approvals.id })
    .from(approvals)
    .where(
      and(
        eq(approvals.action, input.action),
        eq(approvals.subjectId, input.subjectId),
        eq(approvals.status, "pending"),
        gt(approvals.expiresAt, now),
      ),
    );
  if (open) throw new Conflict("A request for this is already waiting for approval.");
  const [approval] = await tx
    .insert(approvals)
    .values({
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      payload: { ...input.payload, reasonCategory: input.reasonCategory },
      reason: input.reason,
      requestedBy: ctx.actor.userId,
      requestedAt: now,
      expiresAt: new Date(now.getTime() + input.ttlHours * HOUR_MS),
    })
    .returning();
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    action: "approval.requested",
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    reason: input.reason,
    data: {
      approvalId: approval!.id,
      approvalAction: input.action,
      reasonCategory: input.reasonCategory,
      expiresAt: approval!.expiresAt.toISOString(),
    },
  });
  return approval!;
}
