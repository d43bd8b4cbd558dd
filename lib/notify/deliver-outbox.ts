import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { CLAIMABLE_OUTBOX_STATUSES, transitionOutbox, type OutboxRow } from "./outbox-transitions";

/**
 * Eight quick retries (about two hours), then one every six hours: an email provider or webhook
 * receiver that is down for up to three days gets everything once it is back.
 */
export const MAX_DELIVERY_ATTEMPTS = 20;
/** How long a claimed row is reserved for its sender; past it, a crashed send is retried. */
export const DELIVERY_LEASE_MS = 5 * 60_000;

export type { OutboxRow } from "./outbox-transitions";

/** 1, 2, 4 … minutes, capped at six hours: an outage is waited out, not hammered. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(2 ** (attempts - 1) * 60_000, 6 * 60 * 60_000);
}

/**
 * Delivers due outbox rows of one kind, at least once. A row is claimed in a short transaction
 * (SKIP LOCKED, then marked `sending` with a lease) and sent outside it, so a slow receiver never
 * holds a database connection or lock; a sender that dies mid-send leaves a lease that expires
 * and the row is retried. The dedupe key travels as the idempotency key / message id, so
 * receivers can drop the rare duplicate. After MAX_DELIVERY_ATTEMPTS a row is `dead`: visible to
 * staff, never retried silently.
 */
export async function deliverDueOutbox(
  db: Db,
  {
    kind,
    now,
    send,
    limit = 50,
  }: { kind: OutboxRow["kind"]; now: Date; send: (row: OutboxRow) => Promise<void>; limit?: number },
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  for (let i = 0; i < limit; i += 1) {
    const row = await db.transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(outbox)
        .where(
          and(eq(outbox.kind, kind), inArray(outbox.status, CLAIMABLE_OUTBOX_STATUSES), lte(outbox.nextAttemptAt, now)),
        )
        .orderBy(outbox.nextAttemptAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return null;
      const attempts = due.attempts + 1;
      await transitionOutbox(tx, due, "sending", {
        attempts,
        nextAttemptAt: new Date(now.getTime() + DELIVERY_LEASE_MS),
      });
      return { ...due, status: "sending" as const, attempts };
    });
    if (!row) break;
    try {
      await send(row);
      await transitionOutbox(db, row, "sent", { sentAt: now, lastError: null });
      result.sent += 1;
    } catch (error) {
      await transitionOutbox(db, row, row.attempts >= MAX_DELIVERY_ATTEMPTS ? "dead" : "failed", {
        lastError: error instanceof Error ? error.message.slice(0, 500) : "delivery failed",
        nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(row.attempts)),
      });
      result.failed += 1;
    }
  }
  return result;
}
