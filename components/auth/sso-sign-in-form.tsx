"use client";

import type { FormAction } from "@/lib/auth/action";
import { EmailStepForm } from "./email-step-form";

/** Sign-in through the organization's own identity provider, found by the email's verified domain. */
export function SsoSignInForm<T>({ action, callbackUrl }: { action: FormAction<T>; callbackUrl: string }) {
  return (
    <EmailStepForm
      action={action}
      callbackUrl={callbackUrl}
      label="Work email"
      fieldId="sso-email"
      submitLabel="Sign in with single sign-on"
      pendingLabel="Opening your sign-in…"
    />
  );
}
