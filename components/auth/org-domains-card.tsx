"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export interface OrgDomainRow {
  id: string;
  domain: string;
  isVerified: boolean;
  challenge: { recordName: string; recordValue: string } | null;
}

/** The organization's email domains: owners add one, publish its TXT record, and check it. */
export function OrgDomainsCard<Added, Verified>({
  domains,
  isOwner,
  addAction,
  verifyAction,
}: {
  domains: OrgDomainRow[];
  isOwner: boolean;
  addAction: FormAction<Added>;
  verifyAction: FormAction<Verified>;
}) {
  const [added, add, isAdding] = useActionState(addAction, null);
  const addFailure = added && !added.ok ? added : null;
  return (
    <Card aria-labelledby="org-domains">
      <CardHeader
        id="org-domains"
        title="Email domains"
        description="Prove your organization owns an email domain with a DNS TXT record; single sign-on applies to verified domains."
      />
      <div className="space-y-4 px-5 py-4">
        {domains.length > 0 ? (
          <ul aria-label="Your email domains" className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
            {domains.map((domain) => (
              <DomainItem key={domain.id} domain={domain} verifyAction={verifyAction} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No email domains yet.</p>
        )}
        {isOwner ? (
          <form action={add} className="flex max-w-md flex-wrap items-end gap-2" noValidate>
            <div className="min-w-48 flex-1">
              <Field label="Domain" name="org-domain" hint="E.g. example.com" errors={addFailure?.fieldErrors?.domain}>
                {(fieldProps) => <input {...fieldProps} name="domain" autoComplete="off" spellCheck={false} required />}
              </Field>
            </div>
            <Button type="submit" disabled={isAdding}>
              Add domain
            </Button>
            {addFailure && !addFailure.fieldErrors ? (
              <div className="w-full">
                <Alert tone="error">{addFailure.message}</Alert>
              </div>
            ) : null}
          </form>
        ) : (
          <p className="text-sm text-slate-600">Only owners can add email domains.</p>
        )}
      </div>
    </Card>
  );
}

function DomainItem<Verified>({ domain, verifyAction }: { domain: OrgDomainRow; verifyAction: FormAction<Verified> }) {
  const [state, verify, isVerifying] = useActionState(verifyAction, null);
  return (
    <li className="space-y-2 px-4 py-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium text-slate-900">{domain.domain}</span>
        {domain.isVerified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Not verified</Badge>}
      </div>
      {!domain.isVerified && domain.challenge ? (
        <>
          <p className="text-slate-700">
            Publish this TXT record at <code className="break-all font-mono">{domain.challenge.recordName}</code>:
          </p>
          <code
            aria-label={`TXT record for ${domain.domain}`}
            className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs"
          >
            {domain.challenge.recordValue}
          </code>
          <form action={verify}>
            <input type="hidden" name="domainId" value={domain.id} />
            <Button type="submit" variant="secondary" disabled={isVerifying}>
              Check DNS record
            </Button>
          </form>
          {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        </>
      ) : null}
    </li>
  );
}
