/**
 * What each kind of approval does once a second admin approves it (in the approval's own
 * transaction), and what happens to its subject when it is rejected or expires instead.
 */
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { closeBulkRotationRequest, startBulkRotation } from "@/lib/rotation/start-bulk-rotation";
import { revokeSigningKey } from "@/lib/key-governance/revoke-signing-key";
import { staffReasonCategories, type StaffReasonCategory } from "@/lib/validations/staff";
import type { Approval } from "./approval-transitions";
import type { ApprovalAction } from "./request-approval";

interface ApprovalHandler {
  label: string;
  execute(tx: Tx, ctx: Ctx, approval: Approval): Promise<unknown>;
  close?(tx: Tx, ctx: Ctx, approval: Approval, reason: string): Promise<void>;
}

function requestedCategory(approval: Approval): StaffReasonCategory {
  const category = (approval.payload as { reasonCategory?: string }).reasonCategory;
  return staffReasonCategories.find((known) => known === category) ?? "other";
}

export const approvalHandlers: Record<ApprovalAction, ApprovalHandler> = {
  "signing_key.revoke": {
    label: "Revoke signing key",
    execute: (tx, ctx, approval) =>
      revokeSigningKey(tx, ctx, {
        kid: approval.subjectId,
        reason: approval.reason,
        reasonCategory: requestedCategory(approval),
      }),
  },
  "bulk_rotation.start": {
    label: "Start bulk reissue",
    execute: (tx, ctx, approval) =>
      startBulkRotation(tx, ctx, { bulkRunId: approval.subjectId, reason: approval.reason }),
    close: (tx, ctx, approval, reason) => closeBulkRotationRequest(tx, ctx, { bulkRunId: approval.subjectId, reason }),
  },
};

export function handlerFor(approval: Approval): ApprovalHandler {
  const handler = approvalHandlers[approval.action as ApprovalAction];
  if (!handler) throw new Error(`no handler for approval action ${approval.action}`);
  return handler;
}
