import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { notificationChannels, outbox } from "@/lib/db/schema";
import type { WebhookEventType } from "../webhooks";
import { findChosenChannels, isChannelFor } from "./license-channel-choice";

export interface WebhookEventInput {
  orgId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  dedupeKey: string;
  now: Date;
}

/** Every license event names its license in `data.licenseId` (lib/notify/webhooks.ts): its channel choice applies. */
const licenseIdOf = ({ data }: Pick<WebhookEventInput, "data">) =>
  typeof data.licenseId === "string" ? data.licenseId : null;

/**
 * Queues each event for every verified webhook of its organisation (or, for a license whose owners
 * chose its channels, for those of them that are verified), in the caller's transaction
 * (the transactional outbox: the event exists if and only if the change committed). The dedupe
 * key makes a repeated step enqueue nothing new.
 */
export async function enqueueWebhookEvents(tx: Executor, events: readonly WebhookEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const channels = await tx
    .select({ id: notificationChannels.id, orgId: notificationChannels.orgId })
    .from(notificationChannels)
    .where(
      and(
        inArray(notificationChannels.orgId, [...new Set(events.map((event) => event.orgId))]),
        eq(notificationChannels.kind, "webhook"),
        isNotNull(notificationChannels.verifiedAt),
      ),
    );
  if (channels.length === 0) return;
  const chosen = await findChosenChannels(
    tx,
    events.map(licenseIdOf).filter((id) => id !== null),
  );
  const rows = events.flatMap(({ orgId, type, data, dedupeKey, now }) =>
    channels
      .filter((channel) => channel.orgId === orgId && isChannelFor(chosen, licenseIdOf({ data }), channel.id))
      .map((channel) => ({
        orgId,
        channelId: channel.id,
        kind: "webhook" as const,
        dedupeKey: `${dedupeKey}:${channel.id}`,
        payload: { type, timestamp: now.toISOString(), data },
        nextAttemptAt: now,
      })),
  );
  await insertRows(tx, outbox, rows, { onConflictDoNothing: true });
}

export function enqueueWebhookEvent(tx: Executor, event: WebhookEventInput): Promise<void> {
  return enqueueWebhookEvents(tx, [event]);
}
