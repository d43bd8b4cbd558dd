import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { ActionFields } from "@/components/admin/action-fields";
import {
  approvalMachine,
  type ApprovalView,
  findFourEyesPolicy,
  type FourEyesPolicy,
  isPending,
  listApprovals,
} from "@/lib/approvals";
import { requireAdminContext } from "@/lib/auth/session";
import { approveRequestAction, rejectRequestAction, saveFourEyesPolicyAction } from "./actions";
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
  const [{ items, hasMore }, fourEyes] = await Promise.all([
    listApprovals(ctx, { view, page }),
    findFourEyesPolicy(ctx.db),
  ]);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Sensitive staff actions wait here for a second admin. You cannot decide your own requests; undecided requests expire."
      />
      <FourEyesPolicyCard policy={fourEyes} />
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
            Requests appear here when staff ask for an action the approval policy holds for a second person.
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
                    ) : item.subjectType === "organization" ? (
                      <Link href={`/admin/customers/${item.subjectId}`}>{item.subjectId}</Link>
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

/** What needs a second person now, and the form that saves the next version of the policy. */
function FourEyesPolicyCard({ policy }: { policy: FourEyesPolicy }) {
  return (
    <Card className="mb-6" aria-labelledby="four-eyes-policy-title">
      <div className="space-y-3 px-5 py-4 text-sm">
        <h2 id="four-eyes-policy-title" className="text-base font-semibold">
          Approval policy {policy.version > 0 ? `(version ${policy.version})` : "(default)"}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>Revoking a signing key and starting a bulk reissue: always need a second admin.</li>
          <li>Revoking a license: {policy.licenseRevoke ? "needs a second person" : "support acts alone"}.</li>
          <li>
            Extending a license's term:{" "}
            {policy.extendBeyondDays
              ? `more than ${policy.extendBeyondDays} days needs a second person`
              : "support acts alone"}
            .
          </li>
          <li>Ending a license's term early: a support request needs an admin; an admin acts alone.</li>
          <li>
            Suspending a customer's licenses in one action:{" "}
            {policy.suspendBeyondCount
              ? `more than ${policy.suspendBeyondCount} needs a second person`
              : "support acts alone"}
            .
          </li>
          <li>
            Generating, activating, retiring a signing key or holding its rotation:{" "}
            {policy.signingKeyActions ? "needs a second admin" : "one admin acts alone"}.
          </li>
          <li>
            Creating or rolling a management API token:{" "}
            {policy.apiTokenCreate
              ? "needs a second admin; the requester collects the token once approved"
              : "one admin acts alone"}
            .
          </li>
        </ul>
        <ActionDialog
          triggerLabel="Change approval policy…"
          title="Change the approval policy"
          description="Saves the next version; requests already waiting keep going through approval."
          confirmLabel="Save policy"
          successMessage="Approval policy saved."
          action={saveFourEyesPolicyAction}
        >
          <ActionFields
            fields={[
              {
                name: "licenseRevoke",
                label: "A license revocation needs a second person",
                type: "checkbox",
                defaultValue: policy.licenseRevoke ? "on" : undefined,
              },
              {
                name: "extendBeyondDays",
                label: "An extension longer than this many days needs a second person",
                type: "number",
                min: 1,
                defaultValue: policy.extendBeyondDays ? String(policy.extendBeyondDays) : "",
                hint: "Leave blank for no limit.",
              },
              {
                name: "suspendBeyondCount",
                label: "Suspending more than this many licenses in one action needs a second person",
                type: "number",
                min: 1,
                defaultValue: policy.suspendBeyondCount ? String(policy.suspendBeyondCount) : "",
                hint: "Leave blank for no limit.",
              },
              {
                name: "signingKeyActions",
                label: "Generating, activating, retiring a signing key or holding its rotation needs a second admin",
                type: "checkbox",
                defaultValue: policy.signingKeyActions ? "on" : undefined,
              },
              {
                name: "apiTokenCreate",
                label: "Creating or rolling a management API token needs a second admin",
                type: "checkbox",
                defaultValue: policy.apiTokenCreate ? "on" : undefined,
              },
            ]}
          />
          <StaffReasonFields />
        </ActionDialog>
      </div>
    </Card>
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
        description={item.approveWording.description}
        confirmLabel={item.approveWording.confirmLabel}
        successMessage={item.approveWording.successMessage}
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
