import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BulkStateBadge } from "@/components/ops/bulk-progress";
import { LiveBulkProgress } from "@/components/ops/live-bulk-progress";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireAdminContext } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { bulkRotationMachine, getBulkRotationProgress, isAwaitingApproval, isHalted, isInMotion } from "@/lib/rotation";
import { bulkRotationIdSchema } from "@/lib/validations/ops";
import {
  cancelBulkRotationAction,
  getBulkRotationProgressAction,
  pauseBulkRotationAction,
  resumeBulkRotationAction,
} from "../actions";
import { viewerOf } from "@/lib/auth/viewer";
import { availableActions } from "@/lib/state-machine";

export const metadata: Metadata = { title: "Bulk reissue" };

export default async function BulkRotationPage({ params }: { params: Promise<{ bulkRunId: string }> }) {
  const ctx = await requireAdminContext();
  const parsed = bulkRotationIdSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const run = await getBulkRotationProgress(ctx, parsed.data).catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const now = ctx.now();
  const fields = { bulkRunId: run.id };
  const actions = availableActions(bulkRotationMachine, run, viewerOf(ctx));
  return (
    <>
      <PageHeader
        title="Bulk reissue"
        eyebrow={<BulkStateBadge state={run.state} />}
        description={run.selectionLabel}
      />
      {isHalted(run) ? (
        <div className="mb-4">
          <Alert tone="error" title="Halted automatically">
            {run.haltReason} Look at the failing clients, then resume (only new failures count) or cancel.
          </Alert>
        </div>
      ) : null}
      {isAwaitingApproval(run) ? (
        <div className="mb-4">
          <Alert tone="warning">Waiting for a second admin on the Approvals page. Nothing rotates until then.</Alert>
        </div>
      ) : null}
      <Card className="mb-6">
        <CardHeader
          title="Progress"
          description={`Requested by ${run.requestedBy}: “${run.reason}”. Overlap ${run.overlapMinutes} min, soak ${run.soakMinutes} min, halts at ${run.haltFailurePercent} % failures (at least ${run.haltMinFailures}).`}
          actions={
            actions.has("cancel") ? (
              <div className="flex flex-wrap gap-2">
                {actions.has("pause") ? (
                  <ActionDialog
                    triggerLabel="Pause"
                    title="Pause this bulk reissue"
                    description="No new keys are issued; keys already in their overlap finish as announced."
                    confirmLabel="Pause"
                    successMessage="Paused."
                    hidden={fields}
                    action={pauseBulkRotationAction}
                  >
                    <StaffReasonFields />
                  </ActionDialog>
                ) : (
                  <ActionDialog
                    triggerLabel="Resume"
                    title="Resume this bulk reissue"
                    description="After a halt, only failures from now on count against the run."
                    confirmLabel="Resume"
                    successMessage="Resumed."
                    hidden={fields}
                    action={resumeBulkRotationAction}
                  >
                    <StaffReasonFields />
                  </ActionDialog>
                )}
                <ActionDialog
                  triggerLabel="Cancel run"
                  title="Cancel this bulk reissue"
                  description="Rotations that have not issued a key are cancelled; keys already issued stay."
                  confirmLabel="Cancel run"
                  successMessage="Cancelled."
                  hidden={fields}
                  variant="danger"
                  action={cancelBulkRotationAction}
                >
                  <StaffReasonFields />
                </ActionDialog>
              </div>
            ) : null
          }
        />
        <div className="px-5 pt-4">
          <p className="text-xs text-slate-500">
            Requested <Time date={run.createdAt} now={now} mode="relative" />
            {run.startedAt ? (
              <>
                {" "}
                · started <Time date={run.startedAt} now={now} mode="relative" />
              </>
            ) : null}
            {run.finishedAt ? (
              <>
                {" "}
                · finished <Time date={run.finishedAt} now={now} mode="relative" />
              </>
            ) : null}
          </p>
        </div>
        <LiveBulkProgress initial={{ run, inMotion: isInMotion(run) }} load={getBulkRotationProgressAction} />
      </Card>
    </>
  );
}
