"use client";

import { useActionState } from "react";
import { ShownOnce } from "@/components/admin/shown-once";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** An owner gives a named-user seat to a person by email, member of the organization or not (issue 18). */
export function AssignSeatForm<R>({ licenseId, action }: { licenseId: string; action: FormAction<R> }) {
  const [state, formAction, isAssigning] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-end" noValidate>
      <input type="hidden" name="licenseId" value={licenseId} />
      <div className="sm:w-80">
        <Field
          label="Seat holder's email"
          name="seat-email"
          errors={state && !state.ok ? state.fieldErrors?.email : undefined}
          hint="A member of your organization or someone outside it: they get an email and see only the licenses they hold a seat of."
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

/**
 * The signed-in seat holder copies their seat token for their software (lib/seats/seat-token.ts):
 * shown once, as every secret is; asking again gives the same token until the seat is reassigned.
 */
export function RevealSeatTokenButton({
  licenseId,
  action,
}: {
  licenseId: string;
  action: FormAction<{ token: string }>;
}) {
  const [state, formAction, isRevealing] = useActionState(action, null);
  return (
    <div className="space-y-3 px-5 py-4 text-sm text-slate-700">
      {state?.ok ? (
        <ShownOnce
          intro="Your seat token: enter it in the software where it asks for your seat."
          value={state.data.token}
          valueLabel="Your seat token"
          note="It stops working if your seat is taken back or given to someone else."
        />
      ) : (
        <form action={formAction} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="licenseId" value={licenseId} />
          <p>You hold a seat: your software proves it with your seat token.</p>
          <Button type="submit" variant="secondary" disabled={isRevealing}>
            {isRevealing ? "Getting…" : "Get my seat token"}
          </Button>
        </form>
      )}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </div>
  );
}
