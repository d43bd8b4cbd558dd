"use client";

import { type ReactNode, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { OrgPolicyForm } from "./org-policy-form";
import { SsoConnectionDetails, type SsoConnectionView } from "./sso-connection-details";

/** What an owner gives a SAML identity provider about Rekey: all from REKEY_PUBLIC_URL. */
export interface SamlServiceProviderView {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
}

/**
 * Settings → Security: the organization's identity provider (OpenID Connect or SAML 2.0) and
 * whether its domains must use it.
 */
export function OrgSsoCard<Connected, SamlConnected>({
  connection,
  redirectUri,
  serviceProvider,
  isOwner,
  connectAction,
  connectSamlAction,
  requirementAction,
}: {
  connection: SsoConnectionView | null;
  redirectUri: string;
  serviceProvider: SamlServiceProviderView;
  isOwner: boolean;
  connectAction: FormAction<Connected>;
  connectSamlAction: FormAction<SamlConnected>;
  requirementAction: FormAction<{ isSsoRequired: boolean }>;
}) {
  const oidcConnection = connection?.protocol === "oidc" ? connection : null;
  const samlConnection = connection?.protocol === "saml" ? connection : null;
  return (
    <Card aria-labelledby="org-sso">
      <CardHeader
        id="org-sso"
        title="Single sign-on"
        description="Let your identity provider (OpenID Connect or SAML 2.0) decide who of your verified domains signs in."
      />
      <div className="space-y-4 px-5 py-4 text-sm">
        {connection ? (
          <SsoConnectionDetails connection={connection} />
        ) : (
          <p className="text-slate-600">No identity provider connected.</p>
        )}
        {isOwner ? (
          <>
            <h3 className="font-medium text-slate-800">OpenID Connect</h3>
            <p className="text-slate-700">
              Register this redirect URI with your provider:{" "}
              <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs">{redirectUri}</code>
            </p>
            <ProviderForm
              action={connectAction}
              connection={oidcConnection}
              idPrefix="sso"
              connectedMessage="Identity provider connected."
              submitLabel={oidcConnection ? "Save provider" : "Connect provider"}
              fields={(fieldErrors) => <OidcFields connection={oidcConnection} fieldErrors={fieldErrors} />}
            />
            <h3 className="font-medium text-slate-800">SAML 2.0</h3>
            <dl className="grid gap-x-4 gap-y-1 text-slate-700 sm:grid-cols-[auto_1fr]">
              <dt>Entity ID (audience)</dt>
              <dd className="break-all font-mono text-xs">{serviceProvider.entityId}</dd>
              <dt>Assertion Consumer Service (HTTP-POST)</dt>
              <dd className="break-all font-mono text-xs">{serviceProvider.acsUrl}</dd>
              <dt>Service provider metadata</dt>
              <dd className="break-all">
                <a className="font-mono text-xs text-sky-700 underline" href={serviceProvider.metadataUrl}>
                  {serviceProvider.metadataUrl}
                </a>
              </dd>
            </dl>
            <ProviderForm
              action={connectSamlAction}
              connection={samlConnection}
              idPrefix="saml"
              connectedMessage="SAML identity provider connected."
              submitLabel={samlConnection ? "Save SAML provider" : "Connect SAML provider"}
              fields={(fieldErrors) => <SamlFields fieldErrors={fieldErrors} />}
            />
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

type FieldErrors = Record<string, string[] | undefined> | undefined;

/** Connecting either kind of provider: its own fields, then the default role, one result. */
function ProviderForm<Connected>({
  action,
  connection,
  idPrefix,
  connectedMessage,
  submitLabel,
  fields,
}: {
  action: FormAction<Connected>;
  connection: SsoConnectionView | null;
  idPrefix: string;
  connectedMessage: string;
  submitLabel: string;
  fields: (fieldErrors: FieldErrors) => ReactNode;
}) {
  const [state, connect, isConnecting] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={connect} className="max-w-md space-y-3" noValidate>
      {fields(failure?.fieldErrors)}
      <DefaultRoleField
        id={`${idPrefix}-default-role`}
        role={connection?.defaultRole}
        errors={failure?.fieldErrors?.defaultRole}
      />
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      {state?.ok ? <Alert tone="success">{connectedMessage}</Alert> : null}
      <Button type="submit" disabled={isConnecting}>
        {submitLabel}
      </Button>
    </form>
  );
}

function OidcFields({ connection, fieldErrors }: { connection: SsoConnectionView | null; fieldErrors: FieldErrors }) {
  return (
    <>
      <Field label="Issuer URL" name="sso-issuer" errors={fieldErrors?.issuer}>
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
      <Field label="Client ID" name="sso-client-id" errors={fieldErrors?.clientId}>
        {(props) => (
          <input
            {...props}
            name="clientId"
            required
            defaultValue={connection?.clientId ?? undefined}
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label="Client secret"
        name="sso-client-secret"
        hint={connection ? "Enter it again to save a change; it is stored encrypted and never shown." : undefined}
        errors={fieldErrors?.clientSecret}
      >
        {(props) => <input {...props} name="clientSecret" type="password" autoComplete="off" required />}
      </Field>
    </>
  );
}

function SamlFields({ fieldErrors }: { fieldErrors: FieldErrors }) {
  return (
    <>
      <Field
        label="Identity provider metadata (XML)"
        name="saml-metadata-xml"
        hint="Paste the provider's EntityDescriptor, or give its metadata URL below. Assertions must be signed."
        errors={fieldErrors?.metadataXml}
      >
        {(props) => <textarea {...props} name="metadataXml" rows={4} spellCheck={false} />}
      </Field>
      <Field label="Or metadata URL" name="saml-metadata-url" errors={fieldErrors?.metadataUrl}>
        {(props) => (
          <input
            {...props}
            name="metadataUrl"
            type="url"
            placeholder="https://idp.example.com/metadata"
            spellCheck={false}
          />
        )}
      </Field>
    </>
  );
}

/** The role someone gets on their first SSO sign-in (just-in-time membership), either protocol. */
function DefaultRoleField({
  id,
  role,
  errors,
}: {
  id: string;
  role: "owner" | "member" | undefined;
  errors: string[] | undefined;
}) {
  return (
    <Field label="New people join as" name={id} errors={errors}>
      {(props) => (
        <select {...props} name="defaultRole" defaultValue={role ?? "member"}>
          <option value="member">Member</option>
          <option value="owner">Owner</option>
        </select>
      )}
    </Field>
  );
}
