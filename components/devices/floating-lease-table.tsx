"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import type { FormAction } from "@/lib/auth/action";

interface LeaseRow {
  id: string;
  holderName: string;
  kind: "online" | "borrowed";
  checkedOutAt: Date;
  expiresAt: Date;
  canRelease: boolean;
}

/** Who holds each floating seat now, and (for owners) a confirmed Release per lease. */
export function FloatingLeaseTable<R>({
  licenseId,
  leases,
  now,
  release,
}: {
  licenseId: string;
  leases: LeaseRow[];
  now: Date;
  release: FormAction<R>;
}) {
  return (
    <SimpleTable caption="Current floating leases" headings={["Held by", "Kind", "Since", "Until", ""]}>
      {leases.map((lease) => (
        <tr key={lease.id}>
          <td className="px-5 py-3 font-medium">{lease.holderName}</td>
          <td className="px-5 py-3">{lease.kind === "borrowed" ? "Borrowed (offline)" : "In use"}</td>
          <td className="px-5 py-3">
            <Time date={lease.checkedOutAt} now={now} mode="relative" />
          </td>
          <td className="px-5 py-3">
            <Time date={lease.expiresAt} now={now} mode="relative" />
          </td>
          <td className="px-5 py-3 text-right">
            {lease.canRelease ? <ReleaseLease licenseId={licenseId} lease={lease} action={release} /> : null}
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}

function ReleaseLease<R>({ licenseId, lease, action }: { licenseId: string; lease: LeaseRow; action: FormAction<R> }) {
  const [state, formAction, isReleasing] = useActionState(action, null);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmDialog
        triggerLabel="Release"
        triggerAriaLabel={`Release the seat held by ${lease.holderName}`}
        title={`Release the seat held by ${lease.holderName}?`}
        description={
          lease.kind === "borrowed"
            ? "The seat is free at once. The borrowed license file on that machine keeps working offline until its end date; it cannot be recalled."
            : "The seat is free at once; the software on that machine stops at its next check and asks for a seat again."
        }
      >
        <form action={formAction}>
          <input type="hidden" name="licenseId" value={licenseId} />
          <input type="hidden" name="leaseId" value={lease.id} />
          <Button type="submit" variant="danger" disabled={isReleasing}>
            {isReleasing ? "Releasing…" : "Release seat"}
          </Button>
        </form>
      </ConfirmDialog>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </div>
  );
}
