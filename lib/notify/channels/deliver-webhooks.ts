import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { notificationChannels } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import type { Logger } from "@/lib/logger";
import { DeliveryFailed, type OutgoingHttp } from "@/lib/net";
import { deliverDueOutbox } from "../deliver-outbox";
import { postWebhook, type WebhookEvent } from "../webhooks";
import { webhookSecretContext } from "./channel-store";

/**
 * Worker step: sends due webhook events; the outbox row id is the Standard Webhooks message id.
 * The outbox keeps the customer-safe failure text (the portal shows it); the cause goes to the log.
 */
export function deliverDueWebhooks(db: Db, { ring, now, outgoing, logger }: { ring: MasterKeyRing; now: Date; outgoing: OutgoingHttp; logger?: Pick<Logger, "warn"> }) {
  return deliverDueOutbox(db, {
    kind: "webhook",
    now,
    send: async (row) => {
      const [channel] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, row.channelId ?? ""));
      if (!channel?.secretCiphertext) throw new Error("the webhook channel was removed");
      const secret = openSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id));
      try {
        await postWebhook({ url: channel.target, secret, messageId: `msg_${row.id}`, event: row.payload as WebhookEvent, now }, { outgoing });
      } catch (error) {
        if (error instanceof DeliveryFailed) logger?.warn({ channelId: channel.id, outboxId: row.id, cause: error.detail }, "webhook delivery failed");
        throw error;
      }
    },
  });
}
