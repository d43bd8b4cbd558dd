import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";
import { requireOwner } from "./require-owner";

/** Owners decide whether seeing or downloading a key needs a verified second factor. */
export async function setSecondFactorPolicy(ctx: OrgCtx, { requireForKeys }: { requireForKeys: boolean }): Promise<void> {
  requireOwner(ctx, "change the organization's security policy");
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ requireForKeys: organizations.requireSecondFactorForKeys }).from(organizations).where(eq(organizations.id, ctx.orgId)).for("update");
    if (before?.requireForKeys === requireForKeys) return;
    await tx.update(organizations).set({ requireSecondFactorForKeys: requireForKeys }).where(eq(organizations.id, ctx.orgId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "org.second_factor_policy_changed",
      subjectType: "organization",
      subjectId: ctx.orgId,
      data: { requireForKeys },
    });
  });
}

export async function getSecondFactorPolicy(ctx: OrgCtx): Promise<{ requireForKeys: boolean }> {
  const [org] = await ctx.db.select({ requireForKeys: organizations.requireSecondFactorForKeys }).from(organizations).where(eq(organizations.id, ctx.orgId));
  return { requireForKeys: org?.requireForKeys ?? false };
}
