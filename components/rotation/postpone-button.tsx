"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

export function PostponeButton<T>({ licenseId, action }: { licenseId: string; action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="licenseId" value={licenseId} />
      <Button type="submit" variant="secondary" disabled={isPending}>
        Postpone to the next window
      </Button>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      {state?.ok ? <Alert tone="success">Postponed to the next window.</Alert> : null}
    </form>
  );
}
