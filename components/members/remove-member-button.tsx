"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FormAction } from "@/lib/auth/action";

export function RemoveMemberButton<T>({
  userId,
  email,
  action,
}: {
  userId: string;
  email: string;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmDialog
        triggerLabel="Remove"
        triggerAriaLabel={`Remove ${email}`}
        title={`Remove ${email}?`}
        description="They lose access to this organization's licenses right away. You can invite them again later."
      >
        <form action={formAction}>
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" variant="danger" disabled={isPending}>
            {isPending ? "Removing…" : "Remove member"}
          </Button>
        </form>
      </ConfirmDialog>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </div>
  );
}
