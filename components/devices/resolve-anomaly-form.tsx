"use client";

import { useActionState, useId } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** Staff close a flag with what they found; the finding is the audit event's reason. */
export function ResolveAnomalyForm<T>({ flagId, licenseLabel, action }: { flagId: string; licenseLabel: string; action: FormAction<T> }) {
  const id = useId();
  const [state, formAction, isPending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors?.resolution : undefined;
  return (
    <form action={formAction} className="flex flex-col items-end gap-2" noValidate>
      <input type="hidden" name="flagId" value={flagId} />
      <div className="flex items-end gap-2">
        <div>
          <label htmlFor={`${id}-finding`} className="block text-xs font-medium text-slate-700">
            Finding for {licenseLabel}
          </label>
          <input
            id={`${id}-finding`}
            name="resolution"
            aria-invalid={Boolean(errors)}
            aria-describedby={errors ? `${id}-error` : undefined}
            placeholder="e.g. confirmed lab roll-out"
            className="mt-1 block w-56 rounded-md px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
          />
        </div>
        <Button type="submit" variant="secondary" disabled={isPending}>
          Resolve
        </Button>
      </div>
      {errors ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
      {state && !state.ok && !errors ? <Alert tone="error">{state.message}</Alert> : null}
    </form>
  );
}
