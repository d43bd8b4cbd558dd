"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";
import type { FieldErrors } from "@/lib/errors";

/** One step of signing in (email, then code): a form that carries `callbackUrl` and one submit button. */
export function AuthStepForm<T>({
  action,
  callbackUrl,
  submitLabel,
  pendingLabel,
  children,
}: {
  action: FormAction<T>;
  callbackUrl: string;
  submitLabel: string;
  pendingLabel: string;
  children: (fieldErrors: FieldErrors | undefined) => React.ReactNode;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {children(failure?.fieldErrors)}
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
