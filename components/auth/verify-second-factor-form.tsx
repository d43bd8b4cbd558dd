"use client";

import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { AuthStepForm } from "./auth-step-form";

export function VerifySecondFactorForm<T>({ action, callbackUrl }: { action: FormAction<T>; callbackUrl: string }) {
  return (
    <AuthStepForm action={action} callbackUrl={callbackUrl} submitLabel="Verify" pendingLabel="Checking…">
      {(fieldErrors) => (
        <Field
          label="Authentication code"
          name="code"
          hint="6 digits, or a recovery code like ABCDE-23456."
          errors={fieldErrors?.code}
        >
          {(props) => (
            <input {...props} name="code" autoComplete="one-time-code" required autoFocus spellCheck={false} />
          )}
        </Field>
      )}
    </AuthStepForm>
  );
}
