import { and, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels, orgMembers, users } from "@/lib/db/schema";

/** The organisation's owners plus its verified email channels: who hears about their licenses. */
export async function findNoticeRecipients(db: Executor, orgId: string): Promise<string[]> {
  const [owners, channels] = await Promise.all([
    db
      .select({ email: users.email })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, "owner"))),
    db
      .select({ email: notificationChannels.target })
      .from(notificationChannels)
      .where(
        and(
          eq(notificationChannels.orgId, orgId),
          eq(notificationChannels.kind, "email"),
          isNotNull(notificationChannels.verifiedAt),
        ),
      ),
  ]);
  return [...new Set([...owners, ...channels].map((row) => row.email.toLowerCase()))];
}

/** Each organisation's recipients, read once per organisation however many notices it gets. */
export async function findNoticeRecipientsByOrg(
  db: Executor,
  orgIds: Iterable<string>,
): Promise<Map<string, string[]>> {
  const recipientsOf = new Map<string, string[]>();
  for (const orgId of new Set(orgIds)) recipientsOf.set(orgId, await findNoticeRecipients(db, orgId));
  return recipientsOf;
}
