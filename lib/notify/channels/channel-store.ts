import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

export const webhookSecretContext = (channelId: string) => `webhook-secret:${channelId}`;

export async function findOrgChannel(db: Executor, { orgId, channelId }: { orgId: string; channelId: string }) {
  const [channel] = await db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.orgId, orgId)));
  if (!channel) throw new NotFound("Notification channel not found.");
  return channel;
}
