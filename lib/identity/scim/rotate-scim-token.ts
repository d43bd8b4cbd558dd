import { generateApiTokenValue } from "@/lib/api-tokens";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { orgScimTokens } from "@/lib/db/schema";
import { requireOwner } from "@/lib/orgs";

/** Told apart from API tokens by sight and by secret scanners. */
export const SCIM_TOKEN_PREFIX = "rk_scim_";

/**
 * An owner makes (or replaces) the organization's SCIM token for its directory. The value is
 * returned once; the old token stops at once, since a rotation is usually because it leaked.
 */
export async function rotateScimToken(ctx: OrgCtx, { hasher }: { hasher: KeyedHasher }) {
  requireOwner(ctx, "create a SCIM token");
  const now = ctx.now();
  const { value, prefix, digest } = generateApiTokenValue(hasher, SCIM_TOKEN_PREFIX);
  const row = { prefix, digest, createdBy: ctx.actor.userId, createdAt: now, lastUsedAt: null };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(orgScimTokens)
      .values({ orgId: ctx.orgId, ...row })
      .onConflictDoUpdate({ target: orgScimTokens.orgId, set: row });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "org.scim_token_rotated",
      subjectType: "organization",
      subjectId: ctx.orgId,
      data: { prefix },
    });
  });
  return { value, prefix };
}
