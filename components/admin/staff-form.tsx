"use client";

import { useActionState, useEffect, useRef, useTransition, type FormEvent, type ReactNode } from "react";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";
import type { FieldErrors } from "@/lib/errors";

/**
 * A staff write as a page form (not a dialog): fields with their errors beside them, the reason for
 * the audit trail, one submit button. Submitted through a transition rather than the form's
 * `action` prop, so a refused submission keeps everything the person typed (React resets forms
 * after an `action`); after a success the form is cleared for the next one.
 */
export function StaffForm<T>({
  action,
  submitLabel,
  pendingLabel,
  success,
  reasonPlaceholder,
  children,
}: {
  action: FormAction<T>;
  submitLabel: string;
  pendingLabel: string;
  success: (data: T) => ReactNode;
  reasonPlaceholder?: string;
  children: (errors: FieldErrors | undefined) => ReactNode;
}) {
  const [state, formAction] = useActionState(action, null);
  const [isPending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      formAction(formData);
    });
  };
  return (
    <form ref={formRef} onSubmit={submit} className="grid gap-4 px-5 py-4 sm:grid-cols-2" noValidate>
      {state?.ok ? (
        <div className="sm:col-span-2">
          <Alert tone="success">{success(state.data)}</Alert>
        </div>
      ) : null}
      {state && !state.ok && !state.fieldErrors ? (
        <div className="sm:col-span-2">
          <StaffActionError state={state} />
        </div>
      ) : state && !state.ok ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{state.message}</Alert>
        </div>
      ) : null}
      {children(errors)}
      <StaffReasonFields errors={errors} className="sm:col-span-2" placeholder={reasonPlaceholder} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isPending}>
          {isPending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}
