import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { KeyedHasher } from "@/lib/crypto";
import type { StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
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
  assertExpiryAhead(ctx, input);
  return ctx.db.transaction((tx) => mintApiToken(tx, ctx, input, { hasher }));
}

export function assertExpiryAhead(ctx: StaffCtx, input: Pick<CreateApiTokenInput, "expiresOn">) {
  if (input.expiresOn && input.expiresOn <= ctx.now()) throw new PolicyViolation("Choose an expiry in the future.");
}

/**
 * Generates the value and stores its digest in the caller's transaction. With `approvalId` the
 * token is the one a four-eyes request approved (issue 22); the caller holds that request's lock, and
 * the unique index on it backs up "one request, one token".
 */
export async function mintApiToken(
  tx: Tx,
  ctx: StaffCtx,
  input: CreateApiTokenInput,
  { hasher, approvalId }: { hasher: KeyedHasher; approvalId?: string },
) {
  const now = ctx.now();
  const { value, prefix, digest } = generateApiTokenValue(hasher);
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
      approvalId,
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
      ...(approvalId ? { approvalId } : {}),
    },
  });
  return { token: token!, value };
}
