"use client";

import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { AuthStepForm } from "./auth-step-form";

/** Sign-in by license key, step one (issue 20): the key and the address the code goes to. */
export function LicenseKeyRequestForm<T>({ action }: { action: FormAction<T> }) {
  return (
    <AuthStepForm action={action} callbackUrl="/" submitLabel="Email me a code" pendingLabel="Sending code…">
      {(fieldErrors) => (
        <>
          <Field label="License key" name="key" errors={fieldErrors?.key}>
            {(props) => <input {...props} name="key" autoComplete="off" spellCheck={false} required autoFocus />}
          </Field>
          <Field label="Email address" name="email" errors={fieldErrors?.email}>
            {(props) => (
              <input {...props} name="email" type="email" autoComplete="email" required placeholder="you@company.com" />
            )}
          </Field>
        </>
      )}
    </AuthStepForm>
  );
}

/** Step two: the code from the email, for the address it went to. */
export function SignInCodeForm<T>({ action, email }: { action: FormAction<T>; email: string }) {
  return (
    <AuthStepForm action={action} callbackUrl="/" submitLabel="Sign in" pendingLabel="Checking…">
      {(fieldErrors) => (
        <>
          <input type="hidden" name="email" value={email} />
          <Field label="Code from the email" name="code" errors={fieldErrors?.code ?? fieldErrors?.email}>
            {(props) => (
              <input
                {...props}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                required
                autoFocus
              />
            )}
          </Field>
        </>
      )}
    </AuthStepForm>
  );
}
