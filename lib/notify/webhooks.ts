/**
 * Webhooks per the Standard Webhooks spec (standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, signed with the `standardwebhooks` package,
 * so receivers verify with any Standard Webhooks library. Body: `{ type, timestamp, data }`.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { PolicyViolation } from "@/lib/errors";
import { DeliveryFailed, statusClass, type OutgoingHttp } from "@/lib/net";

export const WEBHOOK_EVENT_TYPES = [
  "rotation.upcoming",
  "rotation.issued",
  "rotation.completed",
  "key.revoked",
  "license.status_changed",
  "license.expiring",
  "release.published",
  "webhook.test",
] as const;
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
 * is a failure (the outbox retries it); the customer learns only the status class. Several secrets
 * (a rolled secret's overlap) give several space-separated signatures, which Standard Webhooks
 * receivers accept if any one verifies (Standard Webhooks spec, "Signature scheme").
 */
export async function postWebhook(
  {
    url,
    secrets,
    messageId,
    event,
    now,
  }: {
    url: string;
    secrets: readonly string[];
    messageId: string;
    event: { type: string; timestamp: string; data: Record<string, unknown> };
    now: Date;
  },
  { outgoing }: { outgoing: OutgoingHttp },
): Promise<void> {
  const body = JSON.stringify(event);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Rekey-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, now, body)).join(" "),
  };
  const { status } = await outgoing.send(url, { method: "POST", headers, body });
  if (status < 200 || status > 299)
    throw new DeliveryFailed(`The endpoint answered ${statusClass(status)}.`, `answered ${status}`);
}

/**
 * Sends a signed `webhook.test` event now. A failure tells the sender "could not deliver" or the
 * status class only (lib/net): the test send must not become a probe that reports what answered where.
 */
export async function postTestWebhook(
  { url, secrets, now, data }: { url: string; secrets: readonly string[]; now: Date; data: Record<string, unknown> },
  deps: { outgoing: OutgoingHttp },
): Promise<void> {
  try {
    await postWebhook(
      {
        url,
        secrets,
        messageId: `msg_test_${now.getTime()}`,
        event: {
          type: "webhook.test",
          timestamp: now.toISOString(),
          data: { ...data, message: "Test event from Rekey" },
        },
        now,
      },
      deps,
    );
  } catch (error) {
    if (!(error instanceof DeliveryFailed)) throw error;
    throw new PolicyViolation(
      `The test event did not get through. ${error.message} The endpoint must answer 2xx within 10 seconds.`,
      error.detail,
    );
  }
}
