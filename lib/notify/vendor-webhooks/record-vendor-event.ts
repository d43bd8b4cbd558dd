import { randomUUID } from "node:crypto";
import { and, arrayOverlaps, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { outbox, vendorWebhookEndpoints } from "@/lib/db/schema";
import type { VendorEventType } from "@/lib/validations/vendor-webhooks";

export interface VendorEvent {
  type: VendorEventType;
  /** Ids and facts only: never key material (a key is named by its public prefix at most). */
  data: Record<string, unknown>;
  /**
   * Names the occurrence where a step may run twice (a retried worker pass), so the repeat queues
   * nothing new. Without one every call is its own occurrence: a guarded transition happens once.
   */
  dedupeKey?: string;
  now: Date;
}

/**
 * Queues each event for every enabled vendor endpoint subscribed to its type, in the caller's
 * transaction (the transactional outbox: the event exists if and only if the change committed).
 * The worker delivers them with the customer webhooks (channels/deliver-webhooks.ts).
 */
export async function recordVendorEvents(tx: Executor, events: readonly VendorEvent[]): Promise<void> {
  if (events.length === 0) return;
  const types = [...new Set(events.map((event) => event.type))];
  const endpoints = await tx
    .select({ id: vendorWebhookEndpoints.id, eventTypes: vendorWebhookEndpoints.eventTypes })
    .from(vendorWebhookEndpoints)
    .where(and(isNull(vendorWebhookEndpoints.disabledAt), arrayOverlaps(vendorWebhookEndpoints.eventTypes, types)));
  if (endpoints.length === 0) return;
  const batch = randomUUID();
  const rows = events.flatMap(({ type, data, dedupeKey, now }, index) => {
    const occurrence = `${batch}:${index}`;
    return endpoints
      .filter((endpoint) => endpoint.eventTypes.includes(type))
      .map((endpoint) => ({
        vendorEndpointId: endpoint.id,
        kind: "webhook" as const,
        dedupeKey: `vendor:${type}:${dedupeKey ?? occurrence}:${endpoint.id}`,
        payload: { type, timestamp: now.toISOString(), data },
        nextAttemptAt: now,
      }));
  });
  await insertRows(tx, outbox, rows, { onConflictDoNothing: true });
}

export function recordVendorEvent(tx: Executor, event: VendorEvent): Promise<void> {
  return recordVendorEvents(tx, [event]);
}
