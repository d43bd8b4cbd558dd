import { eq } from "drizzle-orm";
import { type AuditAction, appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";
import { requireOwner } from "./require-owner";

/** The organisation's yes/no rules, each set by its owners on the security page. */
export type OrganizationFlag = "requireSecondFactorForKeys" | "membersMayManageKeys";

/** An owner turns one rule on or off; a real change is audited as `action` with `{ [dataKey]: isOn }`. */
export async function setOrganizationFlag(
  ctx: OrgCtx,
  flag: OrganizationFlag,
  isOn: boolean,
  { what, action, dataKey }: { what: string; action: AuditAction; dataKey: string },
): Promise<void> {
  requireOwner(ctx, what);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ isOn: organizations[flag] })
      .from(organizations)
      .where(eq(organizations.id, ctx.orgId))
      .for("update");
    if (before?.isOn === isOn) return;
    await tx
      .update(organizations)
      .set({ [flag]: isOn })
      .where(eq(organizations.id, ctx.orgId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action,
      subjectType: "organization",
      subjectId: ctx.orgId,
      data: { [dataKey]: isOn },
    });
  });
}

export async function getOrganizationFlag(ctx: OrgCtx, flag: OrganizationFlag): Promise<boolean> {
  const [org] = await ctx.db
    .select({ isOn: organizations[flag] })
    .from(organizations)
    .where(eq(organizations.id, ctx.orgId));
  return org?.isOn ?? false;
}
