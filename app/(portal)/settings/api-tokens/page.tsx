import type { Metadata } from "next";
import { CreateCustomerApiTokenForm } from "@/components/api-tokens/customer-api-token-form";
import { TokenNameCell, TokenUseCells } from "@/components/api-tokens/token-cells";
import { TokenStandingBadge } from "@/components/api-tokens/token-standing-badge";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { listCustomerApiTokens } from "@/lib/api-tokens";
import { requireOrgContext } from "@/lib/auth/session";
import { getSecondFactorPolicy } from "@/lib/orgs";
import { CUSTOMER_API_TOKEN_SCOPE_LABELS } from "@/lib/validations/customer-api-tokens";
import { createCustomerApiTokenAction, revokeCustomerApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function CustomerApiTokensPage() {
  const ctx = await requireOrgContext();
  const isOwner = ctx.memberRole === "owner";
  const tokens = isOwner ? await listCustomerApiTokens(ctx) : [];
  const { requireForKeys } = isOwner ? await getSecondFactorPolicy(ctx) : { requireForKeys: false };
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens for your own automation (CI, secret managers, the rekey CLI) to list licenses, pull keys and rotate them through the customer API. Each acts as the owner who made it and is named in the audit log."
      />
      {!isOwner ? (
        <Card>
          <EmptyState title="Only owners manage API tokens">
            Ask an owner of your organization to create a token for your automation.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card aria-labelledby="tokens">
            <CardHeader id="tokens" title="Tokens" />
            {tokens.length === 0 ? (
              <EmptyState title="No API tokens yet">
                Create one below for the CLI or your pipeline; its value is shown once.
              </EmptyState>
            ) : (
              <SimpleTable caption="API tokens" headings={["Token", "May", "State", "Expires", "Last used", ""]}>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <TokenNameCell token={token} />
                    <td className="px-5 py-3">
                      {token.scopes.map((scope) => CUSTOMER_API_TOKEN_SCOPE_LABELS[scope]).join(", ")}
                      {requireForKeys && token.scopes.includes("keys:read") && !token.isMadeWithSecondFactor ? (
                        <p className="mt-1 text-xs text-amber-800">
                          Cannot download keys: made without two-step verification, which your organization now
                          requires. Create a new token.
                        </p>
                      ) : null}
                    </td>
                    <td className="px-5 py-3">
                      <TokenStandingBadge standing={token.standing} />
                    </td>
                    <TokenUseCells token={token} now={now} />
                    <td className="px-5 py-3">
                      {token.standing === "active" ? (
                        <ActionDialog
                          triggerLabel="Revoke"
                          title={`Revoke “${token.name}”`}
                          description={`${token.prefix}… stops working at once; anything using it gets 401.`}
                          confirmLabel="Revoke token"
                          successMessage="Revoked."
                          variant="danger"
                          hidden={{ tokenId: token.id }}
                          action={revokeCustomerApiTokenAction}
                        >
                          <p className="text-sm text-slate-600">This cannot be undone; create a new token if needed.</p>
                        </ActionDialog>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </SimpleTable>
            )}
          </Card>
          <Card aria-labelledby="new-token">
            <CardHeader
              id="new-token"
              title="New token"
              description="Needs a recent sign-in, and two-step verification when your organization requires it for keys."
            />
            <CreateCustomerApiTokenForm action={createCustomerApiTokenAction} />
          </Card>
        </div>
      )}
    </>
  );
}
