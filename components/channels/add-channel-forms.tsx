"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export function AddEmailChannelForm<T>({ action }: { action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {state?.ok ? (
        <Alert tone="success">
          Check that inbox: the address receives notices once its verification link is followed.
        </Alert>
      ) : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Email address" name="email" errors={failure?.fieldErrors?.email}>
            {(props) => <input {...props} name="email" type="email" placeholder="ops@company.com" />}
          </Field>
        </div>
        <Button type="submit" className="mt-6" disabled={isPending}>
          Add email
        </Button>
      </div>
    </form>
  );
}

/** The webhook's signing secret appears here once, right after creation, and never again. */
export function AddWebhookChannelForm<T extends { secret: string }>({ action }: { action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {state?.ok ? (
        <Alert tone="success" title="Webhook added: copy its signing secret now">
          <p>
            It is shown only this once. Verify signatures with any Standard Webhooks library, then send a test event to
            activate the endpoint.
          </p>
          <code
            aria-label="Webhook signing secret"
            className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs"
          >
            {state.data.secret}
          </code>
        </Alert>
      ) : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
        <Field label="Endpoint URL" name="url" errors={failure?.fieldErrors?.url}>
          {(props) => <input {...props} name="url" type="url" placeholder="https://hooks.company.com/rekey" />}
        </Field>
        <Field label="Label (optional)" name="label" errors={failure?.fieldErrors?.label}>
          {(props) => <input {...props} name="label" placeholder="Deploy pipeline" />}
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={isPending}>
          Add webhook
        </Button>
      </div>
    </form>
  );
}
