"use client";

import { useActionState } from "react";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RollCredentialFields } from "@/components/admin/roll-credential-fields";
import { ShownOnce } from "@/components/admin/shown-once";
import { StaffForm } from "@/components/admin/staff-form";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_LABELS } from "@/lib/validations/api-tokens";

/** The new value, once, under the label the e2e specs and screen readers know it by. */
function ShownOnceToken({ name, value, note }: { name: string; value: string; note?: string }) {
  return <ShownOnce intro={`Token “${name}” is ready.`} value={value} valueLabel="New token value" note={note} />;
}

/** Made now (its value, once), or held by the approval policy for a second admin (issue 22). */
export type CreatedApiToken = { name: string; value: string } | { name: string; awaitingApproval: string };

export function CreateApiTokenForm({ action }: { action: FormAction<CreatedApiToken> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Create token"
      pendingLabel="Creating…"
      reasonPlaceholder="e.g. CRM creates licenses on purchase"
      success={(created) =>
        "value" in created ? (
          <ShownOnceToken {...created} />
        ) : (
          <p>
            Token “{created.name}” waits for a second admin on the Approvals page. Once approved, collect it here: only
            you can, and it is shown once.
          </p>
        )
      }
    >
      {(errors) => (
        <>
          <Field label="Name" name="token-name" errors={errors?.name} hint="What system uses it, e.g. CRM sync.">
            {(props) => <input {...props} name="name" />}
          </Field>
          <Field label="Scope" name="token-scope" errors={errors?.scope}>
            {(props) => (
              <select {...props} name="scope" defaultValue="read">
                {API_TOKEN_SCOPES.map((scope) => (
                  <option key={scope} value={scope}>
                    {API_TOKEN_SCOPE_LABELS[scope]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Expires on (optional)"
            name="token-expires"
            errors={errors?.expiresOn}
            hint="Empty: works until revoked."
          >
            {(props) => <input {...props} name="expiresOn" type="date" />}
          </Field>
        </>
      )}
    </StaffForm>
  );
}

/** Rolled now (the successor's value, once), or held by the approval policy like a new token (issue 22). */
export type RolledApiToken = { name: string; value: string; oldValueValidUntil: string } | { awaitingApproval: string };

export function RollApiTokenForm({
  action,
  tokens,
}: {
  action: FormAction<RolledApiToken>;
  tokens: { id: string; label: string }[];
}) {
  return (
    <StaffForm
      action={action}
      submitLabel="Roll token"
      pendingLabel="Rolling…"
      reasonPlaceholder="e.g. yearly credential rotation"
      success={(rolled) =>
        "value" in rolled ? (
          <ShownOnceToken
            name={rolled.name}
            value={rolled.value}
            note={`The old value works until ${new Date(rolled.oldValueValidUntil).toUTCString()}.`}
          />
        ) : (
          <p>
            The roll waits for a second admin on the Approvals page. Once approved, collect the new value here: only you
            can, it is shown once, and the old value keeps working for the overlap you chose from then.
          </p>
        )
      }
    >
      {(errors) => (
        <RollCredentialFields
          label="Token"
          name="tokenId"
          overlapLabel="Old value keeps working for"
          choices={tokens}
          errors={errors}
        />
      )}
    </StaffForm>
  );
}

/**
 * An approved token request of this admin's (issue 22): the value is minted when they collect it,
 * shown once here, and never stored anywhere in the clear.
 */
export function CollectApiTokenForm({
  approvalId,
  name,
  action,
}: {
  approvalId: string;
  name: string;
  action: FormAction<{ name: string; value: string }>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  if (state?.ok)
    return (
      <Alert tone="success">
        <ShownOnceToken {...state.data} />
      </Alert>
    );
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="approvalId" value={approvalId} />
      <span>Token “{name}” was approved.</span>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Collecting…" : `Collect “${name}”`}
      </Button>
      {state && !state.ok ? <StaffActionError state={state} /> : null}
    </form>
  );
}
