"use client";

import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { AuthStepForm } from "./auth-step-form";

/** Sign-in through the organization's own identity provider, found by the email's verified domain. */
export function SsoSignInForm<T>({ action, callbackUrl }: { action: FormAction<T>; callbackUrl: string }) {
  return (
    <AuthStepForm
      action={action}
      callbackUrl={callbackUrl}
      submitLabel="Sign in with single sign-on"
      pendingLabel="Opening your sign-in…"
    >
      {(fieldErrors) => (
        <Field label="Work email" name="sso-email" errors={fieldErrors?.email}>
          {(props) => (
            <input {...props} name="email" type="email" autoComplete="email" required placeholder="you@company.com" />
          )}
        </Field>
      )}
    </AuthStepForm>
  );
}
