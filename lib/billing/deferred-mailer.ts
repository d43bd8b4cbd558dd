import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import type { EmailMessage, Mailer } from "@/lib/notify";

/** As lib/notify/send-email.ts: a failed immediate send is retried by the worker after a minute. */
const RETRY_AFTER_MS = 60_000;

/**
 * The mailer a Stripe event's use cases get. Their emails reach the outbox inside the event's
 * transaction (so they exist only if the event's effect commits), but go to the real mailer only
 * after the commit: sending from inside would hold the license row's lock and the audit chain's
 * lock across a call to the mail provider, and would send for an effect that may still roll back.
 */
export function createDeferredMailer(mailer: Mailer) {
  const pending: { message: EmailMessage; idempotencyKey: string }[] = [];
  return {
    mailer: {
      transport: mailer.transport,
      async send(message, { idempotencyKey }) {
        pending.push({ message, idempotencyKey });
      },
    } satisfies Mailer,
    /** After the commit. A send that fails turns its outbox row back to `failed`, for the worker's retries. */
    async flush(db: Db, now: Date) {
      for (const { message, idempotencyKey } of pending.splice(0)) {
        try {
          await mailer.send(message, { idempotencyKey });
        } catch (error) {
          await db
            .update(outbox)
            .set({
              status: "failed",
              sentAt: null,
              lastError: error instanceof Error ? error.message : "send failed",
              nextAttemptAt: new Date(now.getTime() + RETRY_AFTER_MS),
            })
            .where(eq(outbox.dedupeKey, idempotencyKey));
        }
      }
    },
  };
}
