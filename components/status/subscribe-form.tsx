"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** Email updates about incidents; nothing is sent until the address confirms. */
export function SubscribeForm<T>({ action }: { action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  if (state?.ok)
    return (
      <Alert tone="success" title="Check your inbox">
        We sent a confirmation link. Updates start once you follow it; if the address is already subscribed, nothing
        changes.
      </Alert>
    );
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-64 flex-1">
        <Field label="Email address" name="email" errors={failure?.fieldErrors?.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="email" placeholder="ops@example.com" />}
        </Field>
      </div>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Subscribing…" : "Subscribe to updates"}
      </Button>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
    </form>
  );
}
