import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { notificationChannels } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import type { Logger } from "@/lib/logger";
import { DeliveryFailed, type OutgoingHttp } from "@/lib/net";
import { deliverDueOutbox, type OutboxRow } from "../deliver-outbox";
import { findVendorWebhookTarget } from "../vendor-webhooks/vendor-endpoint-store";
import { postWebhook, type WebhookEvent } from "../webhooks";
import { webhookSecretContext } from "./channel-store";

interface WebhookTarget {
  url: string;
  secrets: string[];
  /** What the log names the receiver by. */
  logFields: Record<string, string>;
}

/**
 * Worker step: sends due webhook events, to customers' channels and to the vendor's own endpoints
 * alike; the outbox row id is the Standard Webhooks message id. The outbox keeps the
 * customer-safe failure text (the portal shows it); the cause goes to the log.
 */
export function deliverDueWebhooks(
  db: Db,
  {
    ring,
    now,
    outgoing,
    logger,
  }: { ring: MasterKeyRing; now: Date; outgoing: OutgoingHttp; logger?: Pick<Logger, "warn"> },
) {
  return deliverDueOutbox(db, {
    kind: "webhook",
    now,
    send: async (row) => {
      const target = row.vendorEndpointId
        ? await findVendorWebhookTarget(db, { endpointId: row.vendorEndpointId, ring, now })
        : await findChannelTarget(db, row, ring);
      try {
        await postWebhook(
          {
            url: target.url,
            secrets: target.secrets,
            messageId: `msg_${row.id}`,
            event: row.payload as WebhookEvent,
            now,
          },
          { outgoing },
        );
      } catch (error) {
        if (error instanceof DeliveryFailed)
          logger?.warn({ ...target.logFields, outboxId: row.id, cause: error.detail }, "webhook delivery failed");
        throw error;
      }
    },
  });
}

async function findChannelTarget(db: Db, row: OutboxRow, ring: MasterKeyRing): Promise<WebhookTarget> {
  const [channel] = await db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.id, row.channelId ?? ""));
  if (!channel?.secretCiphertext) throw new Error("the webhook channel was removed");
  return {
    url: channel.target,
    secrets: [openSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id))],
    logFields: { channelId: channel.id },
  };
}
