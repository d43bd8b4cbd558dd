import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import type { Email, Mailer } from "./email";

export const MAX_EMAIL_ATTEMPTS = 8;

/** 1, 2, 4 … minutes, capped at six hours: a provider outage is waited out, not hammered. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(2 ** (attempts - 1) * 60_000, 6 * 60 * 60_000);
}

/**
 * Retries emails whose first send failed. Each row is claimed with SKIP LOCKED and re-sent with
 * the same idempotency key, so the provider drops a duplicate if an earlier attempt did arrive.
 * After MAX_EMAIL_ATTEMPTS a row is `dead`: visible to staff, never retried silently.
 */
export async function retryFailedEmails(db: Db, mailer: Mailer, { now, limit = 50 }: { now: Date; limit?: number }): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  for (let i = 0; i < limit; i += 1) {
    const outcome = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, "email"), inArray(outbox.status, ["failed", "pending"]), lte(outbox.nextAttemptAt, now)))
        .orderBy(outbox.nextAttemptAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return null;
      const attempts = row.attempts + 1;
      try {
        await mailer.send(row.payload as Email, { idempotencyKey: row.dedupeKey });
        await tx.update(outbox).set({ status: "sent", attempts, sentAt: now, lastError: null }).where(eq(outbox.id, row.id));
        return "sent" as const;
      } catch (error) {
        const status = attempts >= MAX_EMAIL_ATTEMPTS ? "dead" : "failed";
        await tx
          .update(outbox)
          .set({ status, attempts, lastError: error instanceof Error ? error.message.slice(0, 500) : "send failed", nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts)) })
          .where(eq(outbox.id, row.id));
        return "failed" as const;
      }
    });
    if (!outcome) break;
    result[outcome] += 1;
  }
  return result;
}
