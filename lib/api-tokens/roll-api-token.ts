import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { KeyedHasher } from "@/lib/crypto";
import type { StaffCtx } from "@/lib/context";
import { apiTokens } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { RollApiTokenInput } from "@/lib/validations/api-tokens";
import { generateApiTokenValue, issuedTokenColumns } from "./api-token-value";
import { isTokenUsable } from "./token-standing";

/** A staff token that may be rolled: usable, and not rolled before (each token has one successor). */
export function isRollable(tokenId: string, now: Date) {
  return and(eq(apiTokens.id, tokenId), isNull(apiTokens.orgId), isNull(apiTokens.overlapEndsAt), isTokenUsable(now));
}

export const NOT_ROLLABLE = "Only an active token that was not rolled before can be rolled.";

/**
 * Rolling a token (as Stripe does): a successor with the same name, scopes and expiry, returned
 * once; the old value keeps working until the chosen overlap ends, so the vendor can deploy the
 * new one first. The guarded update makes a second roll of the same token lose cleanly. With
 * `approvalId` the roll is the one a four-eyes request approved (lib/approvals), collected by its requester.
 */
export async function rollApiToken(
  ctx: StaffCtx,
  input: RollApiTokenInput,
  { hasher, approvalId }: { hasher: KeyedHasher; approvalId?: string },
) {
  assertAdmin(ctx);
  const now = ctx.now();
  const overlapEndsAt = new Date(now.getTime() + input.overlapMinutes * 60_000);
  const { value, prefix, digest } = generateApiTokenValue(hasher);
  const successor = await ctx.db.transaction(async (tx) => {
    const [old] = await tx.update(apiTokens).set({ overlapEndsAt }).where(isRollable(input.tokenId, now)).returning();
    if (!old) throw new Conflict(NOT_ROLLABLE);
    const [successor] = await tx
      .insert(apiTokens)
      .values({
        name: old.name,
        prefix,
        digest,
        scopes: old.scopes,
        expiresAt: old.expiresAt,
        createdBy: ctx.actor.userId,
        createdAt: now,
        rolledFromId: old.id,
        approvalId,
      })
      .returning(issuedTokenColumns);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "api_token.rolled",
      subjectType: "api_token",
      subjectId: old.id,
      reason: input.reason,
      data: {
        successorId: successor!.id,
        successorPrefix: prefix,
        overlapEndsAt: overlapEndsAt.toISOString(),
        reasonCategory: input.reasonCategory,
      },
    });
    return successor!;
  });
  return { token: successor, value, oldValueValidUntil: overlapEndsAt };
}
