"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** Owners: demand a verified second factor before anyone in the organisation sees or downloads a key. */
export function SecondFactorPolicyForm({ requireForKeys, action }: { requireForKeys: boolean; action: FormAction<{ requireForKeys: boolean }> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="requireForKeys" defaultChecked={requireForKeys} className="mt-0.5" />
        <span>
          Require two-step verification to reveal, copy or download license keys and license files
          <span className="block text-slate-500">Members without an authenticator app are asked to set one up first.</span>
        </span>
      </label>
      {state?.ok ? <Alert tone="success">{state.data.requireForKeys ? "Keys now need two-step verification." : "Keys no longer need two-step verification."}</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={isPending}>
        Save policy
      </Button>
    </form>
  );
}
