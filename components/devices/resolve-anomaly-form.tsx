"use client";

import { useActionState } from "react";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/** Staff close a flag with what they found; the finding is the audit event's reason. */
export function ResolveAnomalyForm<T>({
  flagId,
  licenseLabel,
  action,
}: {
  flagId: string;
  licenseLabel: string;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex w-72 flex-col items-end gap-2 sm:w-96" noValidate>
      <input type="hidden" name="flagId" value={flagId} />
      <StaffReasonFields
        errors={state && !state.ok ? state.fieldErrors : undefined}
        reasonLabel={`Finding for ${licenseLabel}`}
        placeholder="e.g. confirmed lab roll-out"
        className="w-full"
      />
      <Button type="submit" variant="secondary" disabled={isPending}>
        Resolve
      </Button>
      <StaffActionError state={state} />
    </form>
  );
}
