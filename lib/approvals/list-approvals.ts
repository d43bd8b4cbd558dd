import { alias } from "drizzle-orm/pg-core";
import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { approvals, users } from "@/lib/db/schema";
import { approvalHandlers, approvalWordingOf, type ApprovalWording } from "./approval-actions";
import type { ApprovalStatus } from "./approval-transitions";
import type { ApprovalAction } from "./request-approval";
import { isOverdue } from "./approval-transitions";

export const APPROVALS_PAGE_SIZE = 25;

export interface ApprovalView {
  id: string;
  action: string;
  actionLabel: string;
  /** What approving it does, as the approve dialog says it. */
  approveWording: ApprovalWording;
  subjectType: string;
  subjectId: string;
  reason: string;
  status: ApprovalStatus;
  requestedBy: { id: string; email: string };
  decidedBy: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  expiresAt: Date;
  /** Still `pending` in the database but past its expiry: shown as expired, cannot be approved. */
  isExpired: boolean;
}

/** Pending requests (oldest first, they expire first) or decided ones (newest first), a page at a time. */
export async function listApprovals(ctx: Ctx, { view, page = 1 }: { view: "pending" | "decided"; page?: number }) {
  const decider = alias(users, "decider");
  const statuses: ApprovalStatus[] = view === "pending" ? ["pending"] : ["executed", "rejected", "expired", "approved"];
  const rows = await ctx.db
    .select({ approval: approvals, requestedByEmail: users.email, decidedByEmail: decider.email })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.requestedBy))
    .leftJoin(decider, eq(decider.id, approvals.decidedBy))
    .where(inArray(approvals.status, statuses))
    .orderBy(
      view === "pending" ? approvals.expiresAt : desc(sql`coalesce(${approvals.decidedAt}, ${approvals.expiresAt})`),
      desc(approvals.requestedAt),
    )
    .limit(APPROVALS_PAGE_SIZE + 1)
    .offset((page - 1) * APPROVALS_PAGE_SIZE);
  const now = ctx.now();
  const items: ApprovalView[] = rows
    .slice(0, APPROVALS_PAGE_SIZE)
    .map(({ approval, requestedByEmail, decidedByEmail }) => ({
      id: approval.id,
      action: approval.action,
      actionLabel: approvalHandlers[approval.action as ApprovalAction]?.label ?? approval.action,
      approveWording: approvalWordingOf(approval.action),
      subjectType: approval.subjectType,
      subjectId: approval.subjectId,
      reason: approval.reason,
      status: approval.status,
      requestedBy: { id: approval.requestedBy, email: requestedByEmail },
      decidedBy: decidedByEmail,
      requestedAt: approval.requestedAt,
      decidedAt: approval.decidedAt,
      expiresAt: approval.expiresAt,
      isExpired: isOverdue(approval, now),
    }));
  return { items, hasMore: rows.length > APPROVALS_PAGE_SIZE };
}
