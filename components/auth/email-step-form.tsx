"use client";

import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { AuthStepForm } from "./auth-step-form";

/**
 * A sign-in step that asks for one email address (the magic link, single sign-on): the same field
 * and the same error placement, so the two ways in read alike. `fieldId` keeps two of them on one
 * page apart; the submitted name is always `email`.
 */
export function EmailStepForm<T>({
  action,
  callbackUrl,
  label,
  fieldId,
  submitLabel,
  pendingLabel,
  defaultEmail,
  autoFocus = false,
}: {
  action: FormAction<T>;
  callbackUrl: string;
  label: string;
  fieldId: string;
  submitLabel: string;
  pendingLabel: string;
  defaultEmail?: string;
  autoFocus?: boolean;
}) {
  return (
    <AuthStepForm action={action} callbackUrl={callbackUrl} submitLabel={submitLabel} pendingLabel={pendingLabel}>
      {(fieldErrors) => (
        <Field label={label} name={fieldId} errors={fieldErrors?.email}>
          {(props) => (
            <input
              {...props}
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus={autoFocus}
              defaultValue={defaultEmail}
              placeholder="you@company.com"
            />
          )}
        </Field>
      )}
    </AuthStepForm>
  );
}
