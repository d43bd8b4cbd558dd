/**
 * Webhooks per the Standard Webhooks spec (standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, signed with the `standardwebhooks` package,
 * so receivers verify with any Standard Webhooks library. Body: `{ type, timestamp, data }`.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { DeliveryFailed, statusClass, type OutgoingHttp } from "@/lib/net";

export const WEBHOOK_EVENT_TYPES = ["rotation.upcoming", "rotation.issued", "rotation.completed", "key.revoked", "license.status_changed", "license.expiring", "webhook.test"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * POSTs one event through the SSRF guard (lib/net). Anything but a 2xx within the guard's timeout
 * is a failure (the outbox retries it); the customer learns only the status class.
 */
export async function postWebhook(
  { url, secret, messageId, event, now }: { url: string; secret: string; messageId: string; event: WebhookEvent; now: Date },
  { outgoing }: { outgoing: OutgoingHttp },
): Promise<void> {
  const body = JSON.stringify(event);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Rekey-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, now, body),
  };
  const { status } = await outgoing.send(url, { method: "POST", headers, body });
  if (status < 200 || status > 299) throw new DeliveryFailed(`The endpoint answered ${statusClass(status)}.`, `answered ${status}`);
}
