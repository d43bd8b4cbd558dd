import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notificationChannels, organizations, outbox } from "@/lib/db/schema";

export const DELIVERIES_PAGE_SIZE = 25;

/**
 * Outbox rows as support reads them: what was sent (email subject and recipient, or webhook event
 * and endpoint), its delivery state and last error. Never the email body or a webhook secret.
 * Scoped to one organisation, or to dead-lettered rows across all of them. The vendor's own
 * webhooks are admin work and listed on their endpoints (Admin → Vendor webhooks), not here.
 */
export async function listDeliveries(
  db: Executor,
  {
    orgId,
    isDeadOnly = false,
    before,
    limit = DELIVERIES_PAGE_SIZE,
  }: { orgId?: string; isDeadOnly?: boolean; before?: Date; limit?: number },
) {
  const rows = await db
    .select({
      id: outbox.id,
      orgId: outbox.orgId,
      orgName: organizations.name,
      kind: outbox.kind,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      sentAt: outbox.sentAt,
      createdAt: outbox.createdAt,
      /** Email subject or webhook event type. */
      summary: sql<string>`coalesce(${outbox.payload}->>'subject', ${outbox.payload}->>'type', '')`,
      /** Email recipient or webhook endpoint. */
      target: sql<string>`coalesce(${outbox.payload}->>'to', ${notificationChannels.target}, '')`,
    })
    .from(outbox)
    .leftJoin(organizations, eq(organizations.id, outbox.orgId))
    .leftJoin(notificationChannels, eq(notificationChannels.id, outbox.channelId))
    .where(
      and(
        isNull(outbox.vendorEndpointId),
        orgId ? eq(outbox.orgId, orgId) : undefined,
        isDeadOnly ? eq(outbox.status, "dead") : undefined,
        before ? lt(outbox.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.createdAt : null };
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>["rows"][number];
