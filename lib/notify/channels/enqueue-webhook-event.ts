import { and, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels, outbox } from "@/lib/db/schema";
import type { WebhookEventType } from "../webhooks";

/**
 * Queues an event for every verified webhook of the organisation, in the caller's transaction
 * (the transactional outbox: the event exists if and only if the change committed). The dedupe
 * key makes a repeated step enqueue nothing new.
 */
export async function enqueueWebhookEvent(tx: Executor, { orgId, type, data, dedupeKey, now }: { orgId: string; type: WebhookEventType; data: Record<string, unknown>; dedupeKey: string; now: Date }) {
  const channels = await tx
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.orgId, orgId), eq(notificationChannels.kind, "webhook"), isNotNull(notificationChannels.verifiedAt)));
  if (channels.length === 0) return;
  await tx
    .insert(outbox)
    .values(channels.map((channel) => ({ orgId, channelId: channel.id, kind: "webhook" as const, dedupeKey: `${dedupeKey}:${channel.id}`, payload: { type, timestamp: now.toISOString(), data }, nextAttemptAt: now })))
    .onConflictDoNothing();
}
