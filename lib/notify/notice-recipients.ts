import { and, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels, orgMembers, users } from "@/lib/db/schema";
import { findChosenChannels, isChannelFor } from "./channels/license-channel-choice";

/** Who may hear about an organisation's licenses: its owners, and its verified email channels. */
async function findOrgAudience(db: Executor, orgId: string) {
  const [owners, channels] = await Promise.all([
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
  ]);
  return { owners, channels };
}

/**
 * Owners are always told; the email channels are the license's chosen ones when its owners chose
 * any (issue 16, item 10), else all of the organisation's.
 */
function recipientsOf(
  { owners, channels }: Awaited<ReturnType<typeof findOrgAudience>>,
  chosen: ReadonlyMap<string, ReadonlySet<string>>,
  licenseId?: string,
): string[] {
  const channelEmails = channels.filter((channel) => isChannelFor(chosen, licenseId, channel.id));
  return [...new Set([...owners, ...channelEmails].map((row) => row.email.toLowerCase()))];
}

/** Who hears about the organisation's licenses, or with `licenseId` about that one license. */
export async function findNoticeRecipients(db: Executor, orgId: string, licenseId?: string): Promise<string[]> {
  const [audience, chosen] = await Promise.all([
    findOrgAudience(db, orgId),
    findChosenChannels(db, licenseId ? [licenseId] : []),
  ]);
  return recipientsOf(audience, chosen, licenseId);
}

/**
 * Each organisation's recipients, read once per organisation however many notices it gets: for a
 * notice about several licenses at once (a rotation digest), which goes to the organisation's channels.
 */
export async function findNoticeRecipientsByOrg(
  db: Executor,
  orgIds: Iterable<string>,
): Promise<Map<string, string[]>> {
  const byOrg = new Map<string, string[]>();
  for (const orgId of new Set(orgIds)) byOrg.set(orgId, recipientsOf(await findOrgAudience(db, orgId), new Map()));
  return byOrg;
}

/** Each license's recipients, keyed by license id: one read per organisation, one for every license's choice. */
export async function findNoticeRecipientsByLicense(
  db: Executor,
  licenses: Iterable<{ orgId: string; licenseId: string }>,
): Promise<Map<string, string[]>> {
  const list = [...licenses];
  const chosen = await findChosenChannels(
    db,
    list.map(({ licenseId }) => licenseId),
  );
  const audiences = new Map<string, Awaited<ReturnType<typeof findOrgAudience>>>();
  for (const orgId of new Set(list.map((license) => license.orgId)))
    audiences.set(orgId, await findOrgAudience(db, orgId));
  return new Map(
    list.map(({ orgId, licenseId }) => [licenseId, recipientsOf(audiences.get(orgId)!, chosen, licenseId)]),
  );
}
