import type { Metadata } from "next";
import Link from "next/link";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { approvalMachine, type ApprovalView, isPending, listApprovals } from "@/lib/approvals";
import { requireAdminContext } from "@/lib/auth/session";
import { approveRequestAction, rejectRequestAction } from "./actions";
import { APPROVAL_STATUS_BADGE } from "@/components/ui/state-tones";
import { viewerOf } from "@/lib/auth/viewer";
import { canAct } from "@/lib/state-machine";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string; page?: string }>;
}) {
  const ctx = await requireAdminContext();
  const params = await searchParams;
  const view = params.view === "decided" ? "decided" : "pending";
  const page = Math.max(1, Number.parseInt(params.page ?? "1", 10) || 1);
  const { items, hasMore } = await listApprovals(ctx, { view, page });
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Revoking a signing key and starting a bulk reissue need a second admin. You cannot decide your own requests; undecided requests expire."
      />
      <nav aria-label="Approval lists" className="mb-4 flex gap-2">
        <ButtonLink
          href="/admin/approvals"
          variant={view === "pending" ? "primary" : "secondary"}
          aria-current={view === "pending" ? "page" : undefined}
        >
          Pending
        </ButtonLink>
        <ButtonLink
          href="/admin/approvals?view=decided"
          variant={view === "decided" ? "primary" : "secondary"}
          aria-current={view === "decided" ? "page" : undefined}
        >
          Decided
        </ButtonLink>
      </nav>
      <Card>
        {items.length === 0 ? (
          <EmptyState title={view === "pending" ? "Nothing waiting for approval" : "No decided requests yet"}>
            Requests appear here when an admin asks to revoke a signing key or to start a bulk reissue.
          </EmptyState>
        ) : (
          <ul
            className="divide-y divide-slate-100"
            aria-label={view === "pending" ? "Pending requests" : "Decided requests"}
          >
            {items.map((item) => (
              <li
                key={item.id}
                className="flex flex-wrap items-start justify-between gap-4 px-5 py-4"
                aria-label={`${item.actionLabel} ${item.subjectId}`}
              >
                <div className="min-w-0 space-y-1 text-sm">
                  <p className="font-semibold">
                    {item.actionLabel} <StatusBadge item={item} />
                  </p>
                  <p className="font-mono text-xs text-slate-600">
                    {item.subjectType === "bulk_rotation" ? (
                      <Link href={`/admin/bulk/${item.subjectId}`}>{item.subjectId}</Link>
                    ) : (
                      item.subjectId
                    )}
                  </p>
                  <p className="text-slate-700">“{item.reason}”</p>
                  <p className="text-xs text-slate-500">
                    Requested by {item.requestedBy.email} <Time date={item.requestedAt} now={now} mode="relative" />
                    {isPending(item) ? (
                      <>
                        {" "}
                        · expires <Time date={item.expiresAt} now={now} mode="relative" />
                      </>
                    ) : null}
                    {item.decidedBy && item.decidedAt ? (
                      <>
                        {" "}
                        · decided by {item.decidedBy} <Time date={item.decidedAt} now={now} mode="relative" />
                      </>
                    ) : null}
                  </p>
                </div>
                {canAct(approvalMachine, "decide", item, viewerOf(ctx)) && !item.isExpired ? (
                  <Decide item={item} isOwn={item.requestedBy.id === ctx.actor.userId} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <nav aria-label="Pages" className="mt-4 flex justify-between">
        {page > 1 ? (
          <ButtonLink href={`/admin/approvals?view=${view}&page=${page - 1}`}>Previous page</ButtonLink>
        ) : (
          <span />
        )}
        {hasMore ? <ButtonLink href={`/admin/approvals?view=${view}&page=${page + 1}`}>Next page</ButtonLink> : null}
      </nav>
    </>
  );
}

function StatusBadge({ item }: { item: ApprovalView }) {
  if (item.isExpired) return <Badge tone="slate">expired</Badge>;
  const { label, tone } = APPROVAL_STATUS_BADGE[item.status];
  return <Badge tone={tone}>{label}</Badge>;
}

function Decide({ item, isOwn }: { item: ApprovalView; isOwn: boolean }) {
  if (isOwn) return <p className="text-sm text-slate-600">Your request: another admin must decide it.</p>;
  const fields = { approvalId: item.id };
  return (
    <div className="flex gap-2">
      <ActionDialog
        triggerLabel="Approve"
        title={`Approve: ${item.actionLabel}`}
        description="The action runs now, as you approve it."
        confirmLabel="Approve and run"
        successMessage="Approved and done."
        hidden={fields}
        variant="primary"
        action={approveRequestAction}
      >
        <StaffReasonFields />
      </ActionDialog>
      <ActionDialog
        triggerLabel="Reject"
        title={`Reject: ${item.actionLabel}`}
        description="Nothing happens; the requester sees your reason in the audit log."
        confirmLabel="Reject"
        successMessage="Rejected."
        hidden={fields}
        variant="danger"
        action={rejectRequestAction}
      >
        <StaffReasonFields />
      </ActionDialog>
    </div>
  );
}
