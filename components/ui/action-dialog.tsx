"use client";

import { createContext, useActionState, useContext, useEffect, useId, useRef } from "react";
import { usePathname } from "next/navigation";
import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import type { ActionResult, FormAction } from "@/lib/auth/action";
import type { FieldErrors } from "@/lib/errors";
import { Alert } from "./alert";
import { Button } from "./button";
import { DialogActions } from "./dialog-actions";
import { useToast } from "./toast";

const ActionDialogErrors = createContext<FieldErrors | undefined>(undefined);

/** The field errors of the dialog's last attempt, for the fields passed in as children. */
export function useActionDialogErrors(): FieldErrors | undefined {
  return useContext(ActionDialogErrors);
}

/**
 * A consequential action behind a confirmation dialog: what will happen, the action's own fields
 * and its reason (children, which read their errors with `useActionDialogErrors`), and a confirm
 * button. The dialog closes only once the server accepted, and the outcome is announced in a toast:
 * the action usually changes what the page offers, so the trigger (and anything beside it) may be
 * gone from the page the server sends back with the answer. A refusal that no field can show (or that names a hidden input) appears as one message,
 * with the way forward when the refusal was about proof (sign in again, second factor).
 */
export function ActionDialog<T>({
  triggerLabel,
  title,
  description,
  impact,
  hidden = {},
  confirmLabel,
  successMessage,
  awaitingApprovalMessage,
  variant = "secondary",
  action,
  children,
}: {
  triggerLabel: string;
  title: string;
  /** A sentence under the title. */
  description?: React.ReactNode;
  /** The consequences, set apart as the "What will happen" region. */
  impact?: React.ReactNode;
  /** Inputs the person does not choose (ids), sent along with the form. */
  hidden?: Record<string, string>;
  confirmLabel: string;
  successMessage: string;
  /** Shown instead when the action answered `{ awaitingApproval }`: the four-eyes policy held it for a second person. */
  awaitingApprovalMessage?: string;
  variant?: "primary" | "secondary" | "danger";
  action: FormAction<T>;
  children: React.ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const pathname = usePathname();
  const enrolHref = pathname.startsWith("/admin") ? "/admin/security" : "/settings/security";
  const toast = useToast();
  const [state, formAction, isPending] = useActionState<ActionResult<T> | null, FormData>(
    async (previous, formData) => {
      const result = await action(previous, formData);
      // Announced from the action itself, before React commits the page that may no longer hold this dialog.
      if (result.ok)
        toast({
          message:
            awaitingApprovalMessage && isAwaitingApproval(result.data) ? awaitingApprovalMessage : successMessage,
        });
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const isMessageShown =
    state !== null && !state.ok && (!fieldErrors || Object.keys(fieldErrors).some((name) => name in hidden));
  useEffect(() => {
    if (state?.ok) dialogRef.current?.close();
  }, [state]);
  return (
    <div className="space-y-2">
      <Button type="button" variant={variant} onClick={() => dialogRef.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} className="space-y-4 p-6" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <div className="text-sm text-slate-600">{description}</div> : null}
          {impact ? (
            <div
              role="region"
              aria-label="What will happen"
              className="rounded-md bg-slate-50 p-4 text-sm text-slate-700"
            >
              {impact}
            </div>
          ) : null}
          {isMessageShown && !state.ok ? (
            <Alert tone="error">
              {state.message} <BlockedActionLink code={state.code} callbackUrl={pathname} enrolHref={enrolHref} />
            </Alert>
          ) : null}
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <ActionDialogErrors value={fieldErrors}>{children}</ActionDialogErrors>
          <DialogActions
            dialogRef={dialogRef}
            confirmLabel={confirmLabel}
            variant={variant === "danger" ? "danger" : "secondary"}
            isPending={isPending}
          />
        </form>
      </dialog>
    </div>
  );
}

function isAwaitingApproval(data: unknown): boolean {
  return typeof data === "object" && data !== null && "awaitingApproval" in data;
}
