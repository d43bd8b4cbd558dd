import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { notificationChannels } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import { deliverDueOutbox } from "../deliver-outbox";
import { postWebhook, type FetchLike, type WebhookEvent } from "../webhooks";
import { webhookSecretContext } from "./channel-store";

/** Worker step: sends due webhook events; the outbox row id is the Standard Webhooks message id. */
export function deliverDueWebhooks(db: Db, { ring, now, fetch }: { ring: MasterKeyRing; now: Date; fetch?: FetchLike }) {
  return deliverDueOutbox(db, {
    kind: "webhook",
    now,
    send: async (row) => {
      const [channel] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, row.channelId ?? ""));
      if (!channel?.secretCiphertext) throw new Error("the webhook channel was removed");
      const secret = openSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id));
      await postWebhook({ url: channel.target, secret, messageId: `msg_${row.id}`, event: row.payload as WebhookEvent, now }, { fetch });
    },
  });
}
