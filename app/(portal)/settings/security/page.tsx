import type { Metadata } from "next";
import { KeyActionDelegationForm } from "@/components/auth/key-action-delegation-form";
import { SecondFactorPolicyForm } from "@/components/auth/second-factor-policy-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireOrgContext, requireSession } from "@/lib/auth/session";
import { getScimToken, getSsoConnection, listOrgDomains } from "@/lib/identity";
import { ScimTokenCard } from "@/components/auth/scim-token-card";
import { appServices } from "@/lib/config/server";
import { OrgSsoCard } from "@/components/auth/org-sso-card";
import { samlServiceProvider, SSO_CALLBACK_PATH } from "@/app/(auth)/signin/sso/sso-services";
import { getKeyActionDelegation, getSecondFactorPolicy } from "@/lib/orgs";
import { OrgDomainsCard } from "@/components/auth/org-domains-card";
import { OwnSecondFactorCards } from "@/app/(auth)/signin/mfa/own-second-factor-cards";
import {
  addOrgDomainAction,
  connectOidcProviderAction,
  connectSamlProviderAction,
  rotateScimTokenAction,
  saveKeyActionDelegationAction,
  saveSsoRequirementAction,
  saveSecondFactorPolicyAction,
  verifyOrgDomainAction,
} from "./actions";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const ctx = await requireOrgContext();
  const session = await requireSession();
  const [policy, delegation, domains, ssoConnection, scimToken] = await Promise.all([
    getSecondFactorPolicy(ctx),
    getKeyActionDelegation(ctx),
    listOrgDomains(ctx),
    getSsoConnection(ctx.db, ctx.orgId),
    getScimToken(ctx),
  ]);
  return (
    <>
      <PageHeader
        title="Security"
        description="How you sign in, and what your organization requires before keys are shown."
      />
      <div className="space-y-6">
        <OwnSecondFactorCards db={ctx.db} session={session} />
        <Card aria-labelledby="org-policy">
          <CardHeader id="org-policy" title="Organization policy" />
          <div className="px-5 py-4">
            {ctx.memberRole === "owner" ? (
              <SecondFactorPolicyForm requireForKeys={policy.requireForKeys} action={saveSecondFactorPolicyAction} />
            ) : (
              <p className="text-sm text-slate-600">
                {policy.requireForKeys
                  ? "Your organization requires two-step verification to see or download license keys."
                  : "Your organization does not require two-step verification for keys."}{" "}
                Only owners can change this.
              </p>
            )}
          </div>
          <div className="border-t border-slate-200 px-5 py-4">
            {ctx.memberRole === "owner" ? (
              <KeyActionDelegationForm
                membersMayManageKeys={delegation.membersMayManageKeys}
                action={saveKeyActionDelegationAction}
              />
            ) : (
              <p className="text-sm text-slate-600">
                {delegation.membersMayManageKeys
                  ? "Members of your organization can replace a leaked key and roll back rotations."
                  : "Only owners can replace a leaked key or roll back a rotation."}{" "}
                Only owners can change this.
              </p>
            )}
          </div>
        </Card>
        <OrgDomainsCard
          domains={domains.map(({ verifiedAt, ...domain }) => ({ ...domain, isVerified: Boolean(verifiedAt) }))}
          isOwner={ctx.memberRole === "owner"}
          addAction={addOrgDomainAction}
          verifyAction={verifyOrgDomainAction}
        />
        <OrgSsoCard
          connection={ssoConnection}
          redirectUri={appServices().publicUrl(SSO_CALLBACK_PATH)}
          serviceProvider={{ ...samlServiceProvider(), metadataUrl: samlServiceProvider().entityId }}
          isOwner={ctx.memberRole === "owner"}
          connectAction={connectOidcProviderAction}
          connectSamlAction={connectSamlProviderAction}
          requirementAction={saveSsoRequirementAction}
        />
        <ScimTokenCard
          baseUrl={appServices().publicUrl("/scim/v2")}
          token={scimToken}
          isOwner={ctx.memberRole === "owner"}
          rotateAction={rotateScimTokenAction}
        />
      </div>
    </>
  );
}
