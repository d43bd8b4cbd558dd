"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/**
 * The single confirm button behind an email's one-click link. Nothing changes until it is pressed
 * (a mail scanner that prefetches the link changes nothing); on success it returns to the license.
 */
export function ConfirmRotationForm<T>({ licenseId, fields, confirmLabel, action }: { licenseId: string; fields: Record<string, string>; confirmLabel: string; action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const router = useRouter();
  const licenseHref = `/licenses/${licenseId}#rotation`;
  useEffect(() => {
    if (state?.ok) router.push(licenseHref);
  }, [state, router, licenseHref]);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="licenseId" value={licenseId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      {state?.ok ? <Alert tone="success">Done. Taking you to the license…</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isPending || state?.ok}>
          {confirmLabel}
        </Button>
        <ButtonLink href={licenseHref}>Cancel</ButtonLink>
      </div>
    </form>
  );
}
