/**
 * Webhooks per the Standard Webhooks spec (standardwebhooks.com): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` headers, signed with the `standardwebhooks` package,
 * so receivers verify with any Standard Webhooks library. Body: `{ type, timestamp, data }`.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

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

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" }) => Promise<{ status: number }>;

/** POSTs one event. Anything but a 2xx within the timeout is a failure (the outbox retries it). */
export async function postWebhook(
  { url, secret, messageId, event, now }: { url: string; secret: string; messageId: string; event: WebhookEvent; now: Date },
  { fetch = globalThis.fetch as unknown as FetchLike, timeoutMs = 10_000 }: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<void> {
  const body = JSON.stringify(event);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Rekey-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, now, body),
  };
  const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  if (response.status < 200 || response.status > 299) throw new Error(`webhook endpoint answered ${response.status}`);
}
