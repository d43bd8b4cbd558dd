"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/**
 * A consequential action that needs a reason for the audit trail: a dialog with the reason field,
 * field errors beside it, and the dialog closing only once the server accepted.
 */
export function ReasonActionDialog<T>({
  licenseId,
  triggerLabel,
  title,
  description,
  confirmLabel,
  successMessage,
  variant = "secondary",
  action,
}: {
  licenseId: string;
  triggerLabel: string;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  successMessage: string;
  variant?: "secondary" | "danger";
  action: FormAction<T>;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [state, formAction, isPending] = useActionState(action, null);
  const reasonErrors = state && !state.ok ? state.fieldErrors?.reason : undefined;
  useEffect(() => {
    if (state?.ok) dialogRef.current?.close();
  }, [state]);
  return (
    <>
      <Button type="button" variant={variant} onClick={() => dialogRef.current?.showModal()}>
        {triggerLabel}
      </Button>
      {state?.ok ? <Alert tone="success">{successMessage}</Alert> : null}
      <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form action={formAction} className="p-6" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-2 text-sm text-slate-600">{description}</div>
          {state && !state.ok && !reasonErrors ? (
            <div className="mt-3">
              <Alert tone="error">{state.message}</Alert>
            </div>
          ) : null}
          <input type="hidden" name="licenseId" value={licenseId} />
          <label htmlFor={`${id}-reason`} className="mt-4 block text-sm font-medium text-slate-800">
            Reason
          </label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={3}
            aria-invalid={Boolean(reasonErrors)}
            aria-describedby={reasonErrors ? `${id}-reason-error` : undefined}
            className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
          />
          {reasonErrors ? (
            <p id={`${id}-reason-error`} className="mt-1 text-sm text-red-700">
              {reasonErrors.join(" ")}
            </p>
          ) : null}
          <DialogActions dialogRef={dialogRef} confirmLabel={confirmLabel} variant={variant} isPending={isPending} />
        </form>
      </dialog>
    </>
  );
}
