"use client";

import type { FormAction } from "@/lib/auth/action";
import { EmailStepForm } from "./email-step-form";

/** The default way in: a magic link to the address (DESIGN.md §5, Identity). */
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
    <EmailStepForm
      action={action}
      callbackUrl={callbackUrl}
      label="Email address"
      fieldId="email"
      submitLabel="Email me a sign-in link"
      pendingLabel="Sending link…"
      defaultEmail={defaultEmail}
      autoFocus
    />
  );
}
