import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { licenses, releaseNoticeSubscriptions } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import type { ReleaseNoticesInput } from "@/lib/validations/releases";

/** Whether the license's people asked to hear of new releases; another organisation's license is a 404. */
export async function hasReleaseNotices(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string): Promise<boolean> {
  const [license] = await ctx.db
    .select({ subscribedAt: releaseNoticeSubscriptions.createdAt })
    .from(licenses)
    .leftJoin(releaseNoticeSubscriptions, eq(releaseNoticeSubscriptions.licenseId, licenses.id))
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  return license.subscribedAt !== null;
}

async function lockOwnLicense(tx: Executor, ctx: OrgCtx, licenseId: string) {
  const [license] = await tx
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)))
    .for("update");
  if (!license) throw new NotFound("License not found.");
  return license;
}

/**
 * An owner opts a license in or out of release news (issue 19: "customers who opt in per license").
 * Owners decide, as they decide where the license's other notices go (lib/notify/channels). Asking
 * for what is already so changes nothing and writes no event.
 */
export async function setReleaseNotices(ctx: OrgCtx, input: ReleaseNoticesInput) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change which notices this license sends.");
  const isSubscribed = input.choice === "subscribe";
  return ctx.db.transaction(async (tx) => {
    const license = await lockOwnLicense(tx, ctx, input.licenseId);
    const changed = isSubscribed
      ? await tx
          .insert(releaseNoticeSubscriptions)
          .values({ licenseId: license.id, orgId: ctx.orgId, createdBy: ctx.actor.userId, createdAt: ctx.now() })
          .onConflictDoNothing()
          .returning({ licenseId: releaseNoticeSubscriptions.licenseId })
      : await tx
          .delete(releaseNoticeSubscriptions)
          .where(eq(releaseNoticeSubscriptions.licenseId, license.id))
          .returning({ licenseId: releaseNoticeSubscriptions.licenseId });
    if (changed.length > 0)
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: ctx.now(),
        orgId: ctx.orgId,
        action: isSubscribed ? "release_notices.subscribed" : "release_notices.unsubscribed",
        subjectType: "license",
        subjectId: license.id,
      });
    return { licenseId: license.id, isSubscribed };
  });
}
