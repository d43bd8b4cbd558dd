import { Badge, type Tone } from "@/components/ui/badge";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import type { FormAction } from "@/lib/auth/action";
import type { DeliveryRow } from "@/lib/notify";
import { ActionDialog } from "@/components/ui/action-dialog";
import { AuditReasonFields } from "./staff-reason-fields";
import { outboxMachine } from "@/lib/notify";
import { canAct, type Viewer } from "@/lib/state-machine";

const STATUS_TONE: Record<string, Tone> = {
  sent: "green",
  pending: "blue",
  sending: "blue",
  failed: "amber",
  dead: "red",
};

/** Outbox deliveries with their state and last error; a dead one can be retried, any notice resent. */
export function DeliveriesTable<R, S>({
  label,
  rows,
  now,
  showOrg = false,
  retry,
  resend,
  viewer,
}: {
  label: string;
  /** Who looks: the outbox machine decides which rows offer Retry (issue 23). */
  viewer: Viewer;
  rows: DeliveryRow[];
  now: Date;
  showOrg?: boolean;
  retry: FormAction<R>;
  resend: FormAction<S>;
}) {
  return (
    <SimpleTable caption={label} headings={[...(showOrg ? ["Organization"] : []), "Notice", "Status", "Queued", ""]}>
      {rows.map((row) => (
        <tr key={row.id}>
          {showOrg ? <td className="px-5 py-3 align-top font-medium">{row.orgName ?? "—"}</td> : null}
          <td className="px-5 py-3 align-top">
            <span className="font-medium">{row.summary || row.kind}</span>
            <div className="text-xs text-slate-500">
              {row.kind} to {row.target || "a removed channel"}
            </div>
          </td>
          <td className="px-5 py-3 align-top">
            <Badge tone={STATUS_TONE[row.status] ?? "slate"}>{row.status}</Badge>
            <div className="text-xs text-slate-500">
              {row.attempts} attempt{row.attempts === 1 ? "" : "s"}
              {row.lastError ? <> · last error: {row.lastError}</> : null}
            </div>
          </td>
          <td className="px-5 py-3 align-top text-slate-700">
            <Time date={row.createdAt} now={now} mode="relative" />
          </td>
          <td className="px-5 py-3 align-top">
            <div className="flex flex-wrap justify-end gap-2">
              {canAct(outboxMachine, "retry", row, viewer) ? (
                <ActionDialog
                  triggerLabel="Retry"
                  title="Retry this delivery?"
                  impact={
                    <p>
                      The delivery goes back in the queue with a fresh set of attempts; the worker sends it within a
                      minute. Fix the cause first (the last error was: {row.lastError ?? "unknown"}).
                    </p>
                  }
                  hidden={{ outboxId: row.id }}
                  confirmLabel="Retry delivery"
                  successMessage="Queued again."
                  action={retry}
                >
                  <AuditReasonFields />
                </ActionDialog>
              ) : null}
              {row.orgId ? (
                <ActionDialog
                  triggerLabel="Resend"
                  title="Send this notice again?"
                  impact={
                    <p>
                      A copy of “{row.summary || row.kind}” is queued to {row.target || "the same channel"}; the
                      original stays in the history.
                    </p>
                  }
                  hidden={{ outboxId: row.id }}
                  confirmLabel="Resend notice"
                  successMessage="Queued a copy."
                  action={resend}
                >
                  <AuditReasonFields />
                </ActionDialog>
              ) : null}
            </div>
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}
