"use client";

import { useActionState, useEffect, useRef } from "react";
import { ShownOnce } from "@/components/admin/shown-once";
import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import {
  CUSTOMER_API_TOKEN_LIFETIME_DAYS,
  CUSTOMER_API_TOKEN_SCOPE_LABELS,
  CUSTOMER_API_TOKEN_SCOPES,
} from "@/lib/validations/customer-api-tokens";

const PAGE = "/settings/api-tokens";

/**
 * An owner makes an organization API token: its name, what it may do, when it expires. The value
 * comes back once; a refusal for lack of proof (sign in again, second factor) links the way forward.
 */
export function CreateCustomerApiTokenForm({ action }: { action: FormAction<{ name: string; value: string }> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.fieldErrors;
  return (
    <form ref={formRef} action={formAction} className="space-y-4 px-5 py-4" noValidate>
      {state?.ok ? (
        <Alert tone="success">
          <ShownOnce
            intro={`Token “${state.data.name}” is ready.`}
            value={state.data.value}
            valueLabel="New token value"
          />
        </Alert>
      ) : null}
      {failure && !errors ? (
        <Alert tone="error">
          {failure.message} <BlockedActionLink code={failure.code} callbackUrl={PAGE} enrolHref="/settings/security" />
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="token-name" errors={errors?.name} hint="What uses it, e.g. the deploy pipeline.">
          {(props) => <input {...props} name="name" autoComplete="off" />}
        </Field>
        <Field label="Expires after" name="token-lifetime" errors={errors?.lifetimeDays}>
          {(props) => (
            <select {...props} name="lifetimeDays" defaultValue="90">
              {CUSTOMER_API_TOKEN_LIFETIME_DAYS.map((days) => (
                <option key={days} value={days}>
                  {days} days
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset aria-describedby={errors?.scopes ? "token-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">What it may do</legend>
        <div className="mt-2 space-y-1">
          {CUSTOMER_API_TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "licenses:read"} />
              {CUSTOMER_API_TOKEN_SCOPE_LABELS[scope]}
            </label>
          ))}
        </div>
        {errors?.scopes ? (
          <p id="token-scopes-error" className="mt-1 text-sm text-red-700">
            {errors.scopes.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}
