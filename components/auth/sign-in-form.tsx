"use client";

import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { AuthStepForm } from "./auth-step-form";

export function SignInForm<T>({
  action,
  callbackUrl,
  defaultEmail,
}: {
  action: FormAction<T>;
  callbackUrl: string;
  defaultEmail?: string;
}) {
  return (
    <AuthStepForm
      action={action}
      callbackUrl={callbackUrl}
      submitLabel="Email me a sign-in link"
      pendingLabel="Sending link…"
    >
      {(fieldErrors) => (
        <Field label="Email address" name="email" errors={fieldErrors?.email}>
          {(props) => (
            <input
              {...props}
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              defaultValue={defaultEmail}
              placeholder="you@company.com"
            />
          )}
        </Field>
      )}
    </AuthStepForm>
  );
}
