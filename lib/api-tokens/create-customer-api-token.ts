import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { apiTokens } from "@/lib/db/schema";
import { keyMaterialRefusal, type KeyMaterialSession } from "@/lib/licensing";
import { requireOwner } from "@/lib/orgs";
import type { CreateCustomerApiTokenInput } from "@/lib/validations/customer-api-tokens";
import { CUSTOMER_API_TOKEN_PREFIX, generateApiTokenValue, issuedTokenColumns } from "./api-token-value";

const DAY_MS = 86_400_000;

/**
 * An owner makes a token for the organization's own automation (issue 17). A token can pull keys
 * without anyone at the keyboard, so making one asks what the key-material gate asks of a person
 * (DESIGN.md §4): a recent sign-in and the organization's second-factor rule. The value is
 * returned once; the database keeps its keyed digest and the visible prefix.
 */
export async function createCustomerApiToken(
  ctx: OrgCtx,
  session: KeyMaterialSession,
  input: CreateCustomerApiTokenInput,
  { hasher }: { hasher: KeyedHasher },
) {
  requireOwner(ctx, "create API tokens");
  const refusal = await keyMaterialRefusal(ctx, session);
  if (refusal) throw refusal;
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + input.lifetimeDays * DAY_MS);
  const scopes = [...new Set(input.scopes)];
  const { value, prefix, digest } = generateApiTokenValue(hasher, CUSTOMER_API_TOKEN_PREFIX);
  const token = await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        prefix,
        digest,
        scopes,
        expiresAt,
        orgId: ctx.orgId,
        createdBy: ctx.actor.userId,
        createdAt: now,
        // Kept so the key-material gate can apply the second-factor rule at each use, even one the
        // organization turns on later.
        secondFactorVerifiedAt: session.secondFactor.isVerified ? now : null,
      })
      .returning(issuedTokenColumns);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "api_token.created",
      subjectType: "api_token",
      subjectId: token!.id,
      data: { name: input.name, prefix, scopes, expiresAt: expiresAt.toISOString() },
    });
    return token!;
  });
  return { token, value };
}
