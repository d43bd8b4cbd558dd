"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** A button, not the link itself: mail scanners follow links, and must not unsubscribe anyone. */
export function UnsubscribeForm<T>({
  subscriberId,
  token,
  action,
}: {
  subscriberId: string;
  token: string;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  if (state?.ok)
    return (
      <Alert tone="success">
        You are unsubscribed and your address is deleted. You will get no more status emails.
      </Alert>
    );
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="s" value={subscriberId} />
      <input type="hidden" name="token" value={token} />
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <Button type="submit" variant="danger" disabled={isPending}>
        Unsubscribe
      </Button>
    </form>
  );
}
