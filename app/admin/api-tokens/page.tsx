import type { Metadata } from "next";
import { CollectApiTokenForm, CreateApiTokenForm, RollApiTokenForm } from "@/components/admin/api-token-forms";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { TokenNameCell, TokenUseCells } from "@/components/api-tokens/token-cells";
import { TokenStandingBadge } from "@/components/api-tokens/token-standing-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { listApiTokens } from "@/lib/api-tokens";
import { listCollectableApiTokens } from "@/lib/approvals";
import { appServices } from "@/lib/config/server";
import { requireAdminContext } from "@/lib/auth/session";
import { API_TOKEN_SCOPE_LABELS } from "@/lib/validations/api-tokens";
import { collectApiTokenAction, createApiTokenAction, revokeApiTokenAction, rollApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const ctx = await requireAdminContext();
  const [tokens, collectable] = await Promise.all([
    listApiTokens(ctx),
    listCollectableApiTokens(ctx, { approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS }),
  ]);
  const now = ctx.now();
  const rollable = tokens.filter((token) => token.standing === "active");
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Credentials for your own systems calling the management API (/api/v1/manage). Each acts as the admin who made it and is named in the audit trail."
      />
      <div className="space-y-6">
        {collectable.length > 0 ? (
          <Card aria-labelledby="approved-tokens">
            <CardHeader
              id="approved-tokens"
              title="Approved, waiting for you"
              description="A second admin approved these requests of yours. The value is made when you collect it and shown once."
            />
            <ul className="divide-y divide-slate-100">
              {collectable.map((request) => (
                <li key={request.approvalId} className="px-5 py-3 text-sm">
                  <CollectApiTokenForm {...request} action={collectApiTokenAction} />
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card aria-labelledby="tokens">
          <CardHeader id="tokens" title="Tokens" />
          {tokens.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one below; it is shown once.</EmptyState>
          ) : (
            <SimpleTable caption="API tokens" headings={["Token", "Scope", "State", "Expires", "Last used", ""]}>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <TokenNameCell token={token} />
                  <td className="px-5 py-3">{token.scopes.map((scope) => API_TOKEN_SCOPE_LABELS[scope]).join(", ")}</td>
                  <td className="px-5 py-3">
                    <TokenStandingBadge standing={token.standing} />
                    {token.standing === "rolled" && token.overlapEndsAt ? (
                      <div className="text-xs text-slate-500">
                        works until <Time date={token.overlapEndsAt} now={now} mode="relative" />
                      </div>
                    ) : null}
                  </td>
                  <TokenUseCells token={token} now={now} />
                  <td className="px-5 py-3">
                    {token.standing === "active" || token.standing === "rolled" ? (
                      <ActionDialog
                        triggerLabel="Revoke"
                        title={`Revoke “${token.name}”`}
                        description={`${token.prefix}… stops working at once, also inside a rolling overlap.`}
                        confirmLabel="Revoke token"
                        successMessage="Revoked."
                        variant="danger"
                        hidden={{ tokenId: token.id }}
                        action={revokeApiTokenAction}
                      >
                        <StaffReasonFields />
                      </ActionDialog>
                    ) : null}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
        <Card aria-labelledby="new-token">
          <CardHeader id="new-token" title="New token" />
          <CreateApiTokenForm action={createApiTokenAction} />
        </Card>
        {rollable.length > 0 ? (
          <Card aria-labelledby="roll-token">
            <CardHeader
              id="roll-token"
              title="Roll a token"
              description="A new value with the same name and scope; the old one keeps working for the overlap you choose, so you can deploy the new one first."
            />
            <RollApiTokenForm
              action={rollApiTokenAction}
              tokens={rollable.map((token) => ({ id: token.id, label: `${token.name} (${token.prefix}…)` }))}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
