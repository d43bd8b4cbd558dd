"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/**
 * The single confirm button behind an email's one-click link. Nothing changes until it is pressed
 * (a mail scanner that prefetches the link changes nothing); the action returns to the license.
 */
export function ConfirmRotationForm<T>({
  licenseId,
  fields,
  confirmLabel,
  action,
}: {
  licenseId: string;
  fields: Record<string, string>;
  confirmLabel: string;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="licenseId" value={licenseId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isPending}>
          {confirmLabel}
        </Button>
        <ButtonLink href={`/licenses/${licenseId}#rotation`}>Cancel</ButtonLink>
      </div>
    </form>
  );
}
