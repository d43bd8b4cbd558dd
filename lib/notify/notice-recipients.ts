import { and, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels, orgMembers, users } from "@/lib/db/schema";
import { findChosenChannels, isChannelFor } from "./channels/license-channel-choice";

/**
 * The organisation's owners plus its verified email channels: who hears about their licenses. With
 * `licenseId`, the email channels are those the license's owners chose for it, if they chose any
 * (issue 16, item 10); owners are always told.
 */
export async function findNoticeRecipients(db: Executor, orgId: string, licenseId?: string): Promise<string[]> {
  const [owners, channels, chosen] = await Promise.all([
    db
      .select({ email: users.email })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, "owner"))),
    db
      .select({ id: notificationChannels.id, email: notificationChannels.target })
      .from(notificationChannels)
      .where(
        and(
          eq(notificationChannels.orgId, orgId),
          eq(notificationChannels.kind, "email"),
          isNotNull(notificationChannels.verifiedAt),
        ),
      ),
    findChosenChannels(db, licenseId ? [licenseId] : []),
  ]);
  const channelEmails = channels.filter((channel) => isChannelFor(chosen, licenseId, channel.id));
  return [...new Set([...owners, ...channelEmails].map((row) => row.email.toLowerCase()))];
}

/**
 * Each organisation's recipients, read once per organisation however many notices it gets: for a
 * notice about several licenses at once (a rotation digest), which goes to the organisation's channels.
 */
export async function findNoticeRecipientsByOrg(
  db: Executor,
  orgIds: Iterable<string>,
): Promise<Map<string, string[]>> {
  const recipientsOf = new Map<string, string[]>();
  for (const orgId of new Set(orgIds)) recipientsOf.set(orgId, await findNoticeRecipients(db, orgId));
  return recipientsOf;
}

/** Each license's recipients (its chosen channels, or its organisation's), keyed by license id. */
export async function findNoticeRecipientsByLicense(
  db: Executor,
  licenses: Iterable<{ orgId: string; licenseId: string }>,
): Promise<Map<string, string[]>> {
  const recipientsOf = new Map<string, string[]>();
  for (const { orgId, licenseId } of licenses) {
    if (!recipientsOf.has(licenseId)) recipientsOf.set(licenseId, await findNoticeRecipients(db, orgId, licenseId));
  }
  return recipientsOf;
}
