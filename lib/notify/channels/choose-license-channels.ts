import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseChannels, licenses, notificationChannels } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import type { ChooseLicenseChannelsInput } from "@/lib/validations/channels";

/**
 * An owner picks where one license's notices go: the organisation's channels (the default, which
 * follows channels added later), or exactly the ticked ones. Owners are always emailed; this
 * chooses among the extra channels. Another organisation's license or channel is not found.
 */
export async function chooseLicenseChannels(ctx: OrgCtx, input: ChooseLicenseChannelsInput) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change where notices go.");
  const channelIds = input.choice === "organization" ? [] : [...new Set(input.channelIds)];
  return ctx.db.transaction(async (tx) => {
    const [license] = await tx
      .select({ id: licenses.id })
      .from(licenses)
      .where(and(eq(licenses.id, input.licenseId), eq(licenses.orgId, ctx.orgId)))
      .for("update");
    if (!license) throw new NotFound("License not found.");
    if (channelIds.length > 0) {
      const owned = await tx
        .select({ id: notificationChannels.id })
        .from(notificationChannels)
        .where(and(eq(notificationChannels.orgId, ctx.orgId), inArray(notificationChannels.id, channelIds)));
      if (owned.length !== channelIds.length) throw new NotFound("Notification channel not found.");
    }
    await tx.delete(licenseChannels).where(eq(licenseChannels.licenseId, license.id));
    if (channelIds.length > 0) {
      await tx
        .insert(licenseChannels)
        .values(channelIds.map((channelId) => ({ orgId: ctx.orgId, licenseId: license.id, channelId })));
    }
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "channel.license_choice_changed",
      subjectType: "license",
      subjectId: license.id,
      data: { followsOrganization: channelIds.length === 0, channelIds },
    });
    return { licenseId: license.id, followsOrganization: channelIds.length === 0 };
  });
}
