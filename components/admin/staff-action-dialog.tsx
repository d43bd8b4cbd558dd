"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Button } from "@/components/ui/button";
import type { ActionResult, FormAction } from "@/lib/auth/action";
import { StaffActionError } from "./staff-action-error";
import { StaffReasonFields } from "./staff-reason-fields";

/** An input of the action besides the reason; plain data, so server pages can describe it. */
export interface ActionField {
  name: string;
  label: string;
  type: "text" | "number" | "date" | "select" | "checkbox";
  defaultValue?: string;
  options?: { value: string; label: string }[];
  hint?: string;
  min?: number;
}

const inputClass = "mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:ring-red-400";

function ActionFieldInput({ field, idPrefix, errors }: { field: ActionField; idPrefix: string; errors?: string[] }) {
  const id = `${idPrefix}-${field.name}`;
  const describedBy = errors ? `${id}-error` : field.hint ? `${id}-hint` : undefined;
  const common = { id, name: field.name, "aria-invalid": Boolean(errors), "aria-describedby": describedBy };
  if (field.type === "checkbox") {
    return (
      <div>
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" {...common} defaultChecked={field.defaultValue === "on"} className="mt-0.5" />
          <span>{field.label}</span>
        </label>
        {field.hint ? <p id={`${id}-hint`} className="ml-6 text-sm text-slate-500">{field.hint}</p> : null}
      </div>
    );
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {field.label}
      </label>
      {field.type === "select" ? (
        <select {...common} defaultValue={field.defaultValue} className={inputClass}>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type={field.type} min={field.min} defaultValue={field.defaultValue} className={inputClass} />
      )}
      {errors ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : field.hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-500">
          {field.hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * One support action behind a confirmation dialog: what will happen (the impact), the action's own
 * fields, the staff reason, and a confirm button. Field errors appear beside their fields; the
 * dialog closes only once the server accepted, and the outcome is announced beside the trigger.
 */
export function StaffActionDialog<T>({
  triggerLabel,
  title,
  impact,
  fields,
  hidden,
  confirmLabel,
  successMessage,
  variant = "secondary",
  action,
}: {
  triggerLabel: string;
  title: string;
  impact: React.ReactNode;
  fields?: ActionField[];
  hidden: Record<string, string>;
  confirmLabel: string;
  successMessage: string;
  variant?: "secondary" | "danger";
  action: FormAction<T>;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [state, formAction, isPending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  useEffect(() => {
    if (state?.ok) dialogRef.current?.close();
  }, [state]);
  return (
    <div className="space-y-2">
      <Button type="button" variant={variant} onClick={() => dialogRef.current?.showModal()}>
        {triggerLabel}
      </Button>
      {state?.ok ? <Alert tone="success">{successMessage}</Alert> : null}
      <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form action={formAction} className="space-y-4 p-6" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div role="region" aria-label="What will happen" className="rounded-md bg-slate-50 p-4 text-sm text-slate-700">
            {impact}
          </div>
          <StaffActionError state={state} />
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {fields?.map((field) => <ActionFieldInput key={field.name} field={field} idPrefix={id} errors={fieldErrors?.[field.name]} />)}
          <StaffReasonFields errors={fieldErrors} reasonLabel="Reason (recorded in the audit log)" placeholder="e.g. ticket 4411: customer reinstalled and lost the key" />
          <DialogActions dialogRef={dialogRef} confirmLabel={confirmLabel} variant={variant} isPending={isPending} />
        </form>
      </dialog>
    </div>
  );
}
