"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { OrgPolicyForm } from "./org-policy-form";
import { SsoConnectionDetails, type SsoConnectionView } from "./sso-connection-details";

/** Settings → Security: the organization's OpenID provider and whether its domains must use it. */
export function OrgSsoCard<Connected>({
  connection,
  redirectUri,
  isOwner,
  connectAction,
  requirementAction,
}: {
  connection: SsoConnectionView | null;
  redirectUri: string;
  isOwner: boolean;
  connectAction: FormAction<Connected>;
  requirementAction: FormAction<{ isSsoRequired: boolean }>;
}) {
  return (
    <Card aria-labelledby="org-sso">
      <CardHeader
        id="org-sso"
        title="Single sign-on"
        description="Let your OpenID Connect identity provider decide who of your verified domains signs in."
      />
      <div className="space-y-4 px-5 py-4 text-sm">
        {connection ? (
          <SsoConnectionDetails connection={connection} />
        ) : (
          <p className="text-slate-600">No identity provider connected.</p>
        )}
        {isOwner ? (
          <>
            <p className="text-slate-700">
              Register this redirect URI with your provider:{" "}
              <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs">{redirectUri}</code>
            </p>
            <ConnectForm action={connectAction} connection={connection} />
            {connection ? (
              <OrgPolicyForm
                field="isSsoRequired"
                isOn={connection.isSsoRequired}
                label="Require single sign-on for everyone with an email on a verified domain"
                hint="Email sign-in links are refused for them; they sign in through your provider."
                savedOn="Single sign-on is now required."
                savedOff="Single sign-on is now optional."
                submitLabel="Save requirement"
                action={requirementAction}
              />
            ) : null}
          </>
        ) : (
          <p className="text-slate-600">Only owners can change single sign-on.</p>
        )}
      </div>
    </Card>
  );
}

function ConnectForm<Connected>({
  action,
  connection,
}: {
  action: FormAction<Connected>;
  connection: SsoConnectionView | null;
}) {
  const [state, connect, isConnecting] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={connect} className="max-w-md space-y-3" noValidate>
      <Field label="Issuer URL" name="sso-issuer" errors={failure?.fieldErrors?.issuer}>
        {(props) => (
          <input
            {...props}
            name="issuer"
            type="url"
            required
            defaultValue={connection?.issuer}
            placeholder="https://login.example.com"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Client ID" name="sso-client-id" errors={failure?.fieldErrors?.clientId}>
        {(props) => (
          <input {...props} name="clientId" required defaultValue={connection?.clientId} spellCheck={false} />
        )}
      </Field>
      <Field
        label="Client secret"
        name="sso-client-secret"
        hint={connection ? "Enter it again to save a change; it is stored encrypted and never shown." : undefined}
        errors={failure?.fieldErrors?.clientSecret}
      >
        {(props) => <input {...props} name="clientSecret" type="password" autoComplete="off" required />}
      </Field>
      <Field label="New people join as" name="sso-default-role" errors={failure?.fieldErrors?.defaultRole}>
        {(props) => (
          <select {...props} name="defaultRole" defaultValue={connection?.defaultRole ?? "member"}>
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
        )}
      </Field>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      {state?.ok ? <Alert tone="success">Identity provider connected.</Alert> : null}
      <Button type="submit" disabled={isConnecting}>
        {connection ? "Save provider" : "Connect provider"}
      </Button>
    </form>
  );
}
