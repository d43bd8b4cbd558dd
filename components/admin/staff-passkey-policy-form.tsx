"use client";

import { useActionState } from "react";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** An admin requires (or stops requiring) a passkey as a staff member's second factor. */
export function StaffPasskeyPolicyForm({ action }: { action: FormAction<{ email: string; isRequired: boolean }> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="max-w-md space-y-3" noValidate>
      <Field label="Staff member's email" name="passkey-policy-email" errors={failure?.fieldErrors?.email}>
        {(fieldProps) => <input {...fieldProps} name="email" type="email" autoComplete="off" required />}
      </Field>
      <Field label="Passkey" name="passkey-policy-required" errors={failure?.fieldErrors?.isRequired}>
        {(fieldProps) => (
          <select {...fieldProps} name="isRequired" defaultValue="required">
            <option value="required">Required: codes from an app no longer pass</option>
            <option value="optional">Optional: a passkey or an app code passes</option>
          </select>
        )}
      </Field>
      <StaffReasonFields errors={failure?.fieldErrors} />
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      {state?.ok ? (
        <Alert tone="success">
          A passkey is now {state.data.isRequired ? "required" : "optional"} for {state.data.email}.
        </Alert>
      ) : null}
      <Button type="submit" disabled={isPending}>
        Save staff policy
      </Button>
    </form>
  );
}
