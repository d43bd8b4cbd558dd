"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { ExactTime } from "@/components/ui/time";
import type { ActionResult, FormAction } from "@/lib/auth/action";

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface PasskeyCardProps {
  passkeys: PasskeyRow[];
  /** Staff policy: only a passkey passes this person's second factor. */
  isRequired: boolean;
  startAction: FormAction<PublicKeyCredentialCreationOptionsJSON>;
  finishAction: FormAction<{ passkeyId: string; name: string }>;
  removeAction: FormAction<{ removed: boolean }>;
}

/** Passkeys beside the authenticator app: add one (the browser's own dialog), list and remove them. */
export function PasskeyCard({ passkeys, isRequired, ...actions }: PasskeyCardProps) {
  return (
    <Card aria-labelledby="passkeys">
      <CardHeader
        id="passkeys"
        title="Passkeys"
        description="A passkey (fingerprint, face, device PIN or security key) can replace the code at each sign-in; it only works on this site, so a look-alike page cannot use it."
        actions={isRequired ? <Badge tone="amber">Required for you</Badge> : null}
      />
      <div className="space-y-5 px-5 py-4">
        {passkeys.length > 0 ? (
          <ul aria-label="Your passkeys" className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
            {passkeys.map((passkey) => (
              <PasskeyItem key={passkey.id} passkey={passkey} removeAction={actions.removeAction} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No passkeys yet.</p>
        )}
        <AddPasskey {...actions} />
      </div>
    </Card>
  );
}

function PasskeyItem({
  passkey,
  removeAction,
}: {
  passkey: PasskeyRow;
  removeAction: PasskeyCardProps["removeAction"];
}) {
  const [state, remove, isRemoving] = useActionState(removeAction, null);
  const formId = `remove-passkey-${passkey.id}`;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
      <div>
        <p className="font-medium text-slate-900">{passkey.name}</p>
        <p className="text-slate-600">
          Added <ExactTime date={passkey.createdAt} />
          {passkey.lastUsedAt ? (
            <>
              {" "}
              · last used <ExactTime date={passkey.lastUsedAt} />
            </>
          ) : null}
        </p>
        {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      </div>
      <form action={remove} id={formId}>
        <input type="hidden" name="passkeyId" value={passkey.id} />
      </form>
      <ConfirmDialog
        triggerLabel="Remove"
        triggerAriaLabel={`Remove passkey ${passkey.name}`}
        title={`Remove the passkey “${passkey.name}”?`}
        description="You can no longer sign in with it. Add it again from this page at any time."
      >
        <Button type="submit" form={formId} variant="danger" disabled={isRemoving}>
          Remove passkey
        </Button>
      </ConfirmDialog>
    </li>
  );
}

/**
 * Asks the server for options, lets the browser create the credential, and sends its answer back
 * with the name. The browser's dialog can be cancelled; that is a message, not an error page.
 */
function AddPasskey({ startAction, finishAction }: Pick<PasskeyCardProps, "startAction" | "finishAction">) {
  const router = useRouter();
  const [state, add, isAdding] = useActionState(
    async (_previous: ActionResult<{ name: string }> | null, formData: FormData) => {
      const started = await startAction(null, new FormData());
      if (!started.ok) return started;
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: started.data });
      } catch {
        return { ok: false as const, message: "The passkey was not created. Try again, or use another device." };
      }
      formData.set("response", JSON.stringify(response));
      const finished = await finishAction(null, formData);
      if (finished.ok) router.refresh();
      return finished;
    },
    null,
  );
  const [name, setName] = useState("");
  const failure = state && !state.ok ? state : null;
  return (
    <form action={add} className="flex max-w-md flex-wrap items-end gap-2" noValidate>
      <div className="min-w-48 flex-1">
        <Field label="Passkey name" name="passkey-name" hint="E.g. “Work laptop”." errors={failure?.fieldErrors?.name}>
          {(fieldProps) => (
            <input
              {...fieldProps}
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={60}
              required
            />
          )}
        </Field>
      </div>
      <Button type="submit" disabled={isAdding}>
        Add a passkey
      </Button>
      {failure && !failure.fieldErrors?.name ? (
        <div className="w-full">
          <Alert tone="error">{failure.message}</Alert>
        </div>
      ) : null}
      {state?.ok ? (
        <p role="status" className="w-full text-sm text-green-800">
          Passkey “{state.data.name}” added.
        </p>
      ) : null}
    </form>
  );
}
