"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** One organisation rule an owner turns on or off with a checkbox (Settings → Security). */
export function OrgPolicyForm<F extends string>({
  field,
  isOn,
  label,
  hint,
  savedOn,
  savedOff,
  submitLabel,
  action,
}: {
  field: F;
  isOn: boolean;
  label: string;
  hint: string;
  savedOn: string;
  savedOff: string;
  submitLabel: string;
  action: FormAction<Record<F, boolean>>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name={field} defaultChecked={isOn} className="mt-0.5" />
        <span>
          {label}
          <span className="block text-slate-500">{hint}</span>
        </span>
      </label>
      {state?.ok ? <Alert tone="success">{state.data[field] ? savedOn : savedOff}</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={isPending}>
        {submitLabel}
      </Button>
    </form>
  );
}
