import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { apiTokens } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { RevokeApiTokenInput } from "@/lib/validations/api-tokens";

/** Revoking ends a token at once, inside an overlap too (a leaked value must stop now). */
export async function revokeApiToken(ctx: StaffCtx, input: RevokeApiTokenInput) {
  assertAdmin(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: ctx.actor.userId })
      .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.orgId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, prefix: apiTokens.prefix });
    if (!revoked) throw new Conflict("That token does not exist or is revoked already.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "api_token.revoked",
      subjectType: "api_token",
      subjectId: revoked.id,
      reason: input.reason,
      data: { prefix: revoked.prefix, reasonCategory: input.reasonCategory },
    });
    return revoked;
  });
}
