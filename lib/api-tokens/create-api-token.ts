import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { KeyedHasher } from "@/lib/crypto";
import type { StaffCtx } from "@/lib/context";
import { apiTokens } from "@/lib/db/schema";
import { PolicyViolation } from "@/lib/errors";
import type { CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { generateApiTokenValue, issuedTokenColumns } from "./api-token-value";

/**
 * An admin makes a management API token. The value is returned once (the page shows it with a
 * copy button); the database keeps its keyed digest and the visible prefix only.
 */
export async function createApiToken(ctx: StaffCtx, input: CreateApiTokenInput, { hasher }: { hasher: KeyedHasher }) {
  assertAdmin(ctx);
  const now = ctx.now();
  if (input.expiresOn && input.expiresOn <= now) throw new PolicyViolation("Choose an expiry in the future.");
  const { value, prefix, digest } = generateApiTokenValue(hasher);
  const token = await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        prefix,
        digest,
        scopes: [input.scope],
        expiresAt: input.expiresOn,
        createdBy: ctx.actor.userId,
        createdAt: now,
      })
      .returning(issuedTokenColumns);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "api_token.created",
      subjectType: "api_token",
      subjectId: token!.id,
      reason: input.reason,
      data: {
        name: input.name,
        prefix,
        scopes: [input.scope],
        expiresAt: input.expiresOn?.toISOString() ?? null,
        reasonCategory: input.reasonCategory,
      },
    });
    return token!;
  });
  return { token, value };
}
