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

/**
 * Rolling a token (as Stripe does): a successor with the same name, scopes and expiry, returned
 * once; the old value keeps working until the chosen overlap ends, so the vendor can deploy the
 * new one first. The guarded update makes a second roll of the same token lose cleanly.
 */
export async function rollApiToken(ctx: StaffCtx, input: RollApiTokenInput, { hasher }: { hasher: KeyedHasher }) {
  assertAdmin(ctx);
  const now = ctx.now();
  const overlapEndsAt = new Date(now.getTime() + input.overlapMinutes * 60_000);
  const { value, prefix, digest } = generateApiTokenValue(hasher);
  const successor = await ctx.db.transaction(async (tx) => {
    const [old] = await tx
      .update(apiTokens)
      .set({ overlapEndsAt })
      .where(
        and(
          eq(apiTokens.id, input.tokenId),
          isNull(apiTokens.orgId),
          isNull(apiTokens.overlapEndsAt),
          isTokenUsable(now),
        ),
      )
      .returning();
    if (!old) throw new Conflict("Only an active token that was not rolled before can be rolled.");
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
