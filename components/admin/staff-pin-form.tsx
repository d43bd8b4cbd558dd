"use client";

import { useActionState } from "react";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { PinModeField } from "@/components/licenses/activation-pin-form";
import type { ACTIVATION_PIN_MODES } from "@/lib/validations/choices";

/** Support sets a customer's license PIN, or clears it (empty PIN), always with a reason. */
export function StaffPinForm<T>({
  licenseId,
  label,
  mode,
  action,
}: {
  licenseId: string;
  label: string;
  mode: (typeof ACTIVATION_PIN_MODES)[number] | null;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-brand-700 hover:underline">
        Set or clear the PIN of {label}…
      </summary>
      <form action={formAction} className="mt-3 grid gap-3 rounded-md bg-slate-50 p-4 sm:grid-cols-2" noValidate>
        <input type="hidden" name="licenseId" value={licenseId} />
        {state?.ok ? (
          <div className="sm:col-span-2">
            <Alert tone="success">Saved. Tell the customer's owner through a verified channel.</Alert>
          </div>
        ) : null}
        {failure && !failure.fieldErrors ? (
          <div className="sm:col-span-2">
            <StaffActionError state={failure} />
          </div>
        ) : null}
        <Field label="New PIN (leave empty to clear)" name={`pin-${licenseId}`} errors={failure?.fieldErrors?.pin}>
          {(props) => <input {...props} name="pin" type="password" autoComplete="off" />}
        </Field>
        <PinModeField fieldName={`mode-${licenseId}`} mode={mode} errors={failure?.fieldErrors?.mode} />
        <StaffReasonFields
          errors={failure?.fieldErrors}
          className="sm:col-span-2"
          placeholder="e.g. Owner lost the PIN; identity confirmed by phone"
        />
        <div className="sm:col-span-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? "Saving…" : "Save PIN"}
          </Button>
        </div>
      </form>
    </details>
  );
}
