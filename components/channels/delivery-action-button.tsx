"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** One button posting fixed ids to an action, with what happened written beside it (Resend, Send test event). */
export function DeliveryActionButton<T>({
  action,
  fields,
  label,
  ariaLabel,
  successMessage,
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  label: string;
  ariaLabel?: string;
  successMessage: string;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-col items-start gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" disabled={isPending} aria-label={ariaLabel}>
        {isPending ? "Sending…" : label}
      </Button>
      {state?.ok ? <Alert tone="success">{successMessage}</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </form>
  );
}
