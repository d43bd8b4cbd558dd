"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** An owner gives a named-user seat to a member of the organization, by email. */
export function AssignSeatForm<R>({ licenseId, action }: { licenseId: string; action: FormAction<R> }) {
  const [state, formAction, isAssigning] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-end" noValidate>
      <input type="hidden" name="licenseId" value={licenseId} />
      <div className="sm:w-80">
        <Field
          label="Member's email"
          name="seat-email"
          errors={state && !state.ok ? state.fieldErrors?.email : undefined}
          hint="A member of your organization (invite them under Members first)."
        >
          {(props) => <input {...props} name="email" type="email" autoComplete="off" required />}
        </Field>
      </div>
      <Button type="submit" disabled={isAssigning}>
        {isAssigning ? "Assigning…" : "Assign seat"}
      </Button>
      {state?.ok ? <Alert tone="success">Seat assigned.</Alert> : null}
      {state && !state.ok && !state.fieldErrors?.email ? <Alert tone="error">{state.message}</Alert> : null}
    </form>
  );
}

/** An owner takes a seat back, confirmed: the person's software stops at its next validation. */
export function UnassignSeatButton<R>({
  licenseId,
  holder,
  action,
}: {
  licenseId: string;
  holder: { userId: string; email: string };
  action: FormAction<R>;
}) {
  const [state, formAction, isUnassigning] = useActionState(action, null);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmDialog
        triggerLabel="Unassign"
        triggerAriaLabel={`Unassign the seat of ${holder.email}`}
        title={`Take back the seat of ${holder.email}?`}
        description="The seat is free at once; their software stops at its next validation (SEAT_NOT_ASSIGNED)."
      >
        <form action={formAction}>
          <input type="hidden" name="licenseId" value={licenseId} />
          <input type="hidden" name="userId" value={holder.userId} />
          <Button type="submit" variant="danger" disabled={isUnassigning}>
            {isUnassigning ? "Unassigning…" : "Unassign seat"}
          </Button>
        </form>
      </ConfirmDialog>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </div>
  );
}
