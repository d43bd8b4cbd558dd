import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { apiTokens } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { requireOwner } from "@/lib/orgs";
import type { RevokeCustomerApiTokenInput } from "@/lib/validations/customer-api-tokens";

/**
 * Revoking ends an organization's token at once. Another organization's token id, or the
 * vendor's, is indistinguishable from a missing one (DESIGN.md §4).
 */
export async function revokeCustomerApiToken(ctx: OrgCtx, input: RevokeCustomerApiTokenInput) {
  requireOwner(ctx, "revoke API tokens");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: ctx.actor.userId })
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.orgId, ctx.orgId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, prefix: apiTokens.prefix });
    if (!revoked) throw new NotFound("That token does not exist or is revoked already.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "api_token.revoked",
      subjectType: "api_token",
      subjectId: revoked.id,
      data: { prefix: revoked.prefix },
    });
    return revoked;
  });
}
