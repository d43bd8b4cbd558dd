import { Badge } from "@/components/ui/badge";

export interface SsoConnectionView {
  protocol: "oidc" | "saml";
  issuer: string;
  clientId: string | null;
  samlSsoUrl: string | null;
  defaultRole: "owner" | "member";
  isSsoRequired: boolean;
}

/** What an owner and staff see of a connected provider (never its secret). */
export function SsoConnectionDetails({ connection }: { connection: SsoConnectionView }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
      <dt className="text-slate-500">Protocol</dt>
      <dd>{connection.protocol === "saml" ? "SAML 2.0" : "OpenID Connect"}</dd>
      <dt className="text-slate-500">{connection.protocol === "saml" ? "Identity provider entity ID" : "Issuer"}</dt>
      <dd className="break-all font-mono text-xs">{connection.issuer}</dd>
      <dt className="text-slate-500">{connection.protocol === "saml" ? "Sign-in URL" : "Client ID"}</dt>
      <dd className="break-all font-mono text-xs">
        {connection.protocol === "saml" ? connection.samlSsoUrl : connection.clientId}
      </dd>
      <dt className="text-slate-500">New people join as</dt>
      <dd>{connection.defaultRole}</dd>
      <dt className="text-slate-500">Single sign-on</dt>
      <dd>
        {connection.isSsoRequired ? (
          <Badge tone="green">Required: email links refused</Badge>
        ) : (
          <Badge tone="slate">Optional</Badge>
        )}
      </dd>
    </dl>
  );
}
