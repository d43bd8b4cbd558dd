"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export function SignInForm<T>({ action, callbackUrl, defaultEmail }: { action: FormAction<T>; callbackUrl: string; defaultEmail?: string }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Email address" name="email" errors={failure?.fieldErrors?.email}>
        {(props) => <input {...props} name="email" type="email" autoComplete="email" required autoFocus defaultValue={defaultEmail} placeholder="you@company.com" />}
      </Field>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Sending link…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
