"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export function InviteMemberForm<T extends { email: string }>({ action }: { action: FormAction<T> }) {
  const [state, formAction, isPending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const failure = state && !state.ok ? state : null;
  return (
    <form ref={formRef} action={formAction} className="space-y-4 px-5 py-4" noValidate>
      {state?.ok ? <Alert tone="success">Invitation sent to {state.data.email}.</Alert> : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
        <Field label="Email address" name="email" errors={failure?.fieldErrors?.email}>
          {(props) => (
            <input
              {...props}
              name="email"
              type="email"
              autoComplete="off"
              placeholder="colleague@company.com"
              defaultValue={failure ? undefined : ""}
            />
          )}
        </Field>
        <Field label="Role" name="role" errors={failure?.fieldErrors?.role}>
          {(props) => (
            <select {...props} name="role" defaultValue="member">
              <option value="member">Member</option>
              <option value="owner">Owner</option>
            </select>
          )}
        </Field>
        <Button type="submit" disabled={isPending} className="sm:mt-6">
          {isPending ? "Sending…" : "Send invitation"}
        </Button>
      </div>
    </form>
  );
}
