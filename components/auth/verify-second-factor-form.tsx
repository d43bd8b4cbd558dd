"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export function VerifySecondFactorForm<T>({ action, callbackUrl }: { action: FormAction<T>; callbackUrl: string }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Authentication code" name="code" hint="6 digits, or a recovery code like ABCDE-12345." errors={failure?.fieldErrors?.code}>
        {(props) => <input {...props} name="code" autoComplete="one-time-code" inputMode="text" required autoFocus spellCheck={false} />}
      </Field>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Checking…" : "Verify"}
      </Button>
    </form>
  );
}
