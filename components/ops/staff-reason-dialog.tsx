"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog-actions";
import type { FormAction } from "@/lib/auth/action";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";

/**
 * A staff write behind a dialog that asks for the reason and its category (the staff reason
 * contract); the dialog closes only once the server accepted. `fields` go along as hidden inputs.
 */
export function StaffReasonDialog<T>({
  triggerLabel,
  title,
  description,
  confirmLabel,
  successMessage,
  fields,
  variant = "secondary",
  action,
  children,
}: {
  triggerLabel: string;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  successMessage: string;
  fields: Record<string, string>;
  variant?: "secondary" | "danger" | "primary";
  action: FormAction<T>;
  children?: React.ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [state, formAction, isPending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  useEffect(() => {
    if (state?.ok) dialogRef.current?.close();
  }, [state]);
  return (
    <>
      <Button type="button" variant={variant} onClick={() => dialogRef.current?.showModal()}>
        {triggerLabel}
      </Button>
      {state?.ok ? (
        <div role="status" className="mt-2">
          <Alert tone="success">{successMessage}</Alert>
        </div>
      ) : null}
      <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form action={formAction} className="space-y-4 p-6" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{description}</div>
          {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <StaffReasonFields errors={errors} className="sm:grid-cols-1" />
          <DialogActions dialogRef={dialogRef} confirmLabel={confirmLabel} variant={variant === "danger" ? "danger" : "secondary"} isPending={isPending} />
        </form>
      </dialog>
    </>
  );
}
