import type { Db } from "@/lib/db";
import { deliverDueOutbox } from "./deliver-outbox";
import type { EmailMessage, Mailer } from "./email";

/**
 * Sends queued emails and retries those whose first send failed (sendEmail makes the first
 * attempt at once; enqueueEmail leaves it to this).
 */
export function retryFailedEmails(db: Db, mailer: Mailer, { now, limit }: { now: Date; limit?: number }) {
  return deliverDueOutbox(db, {
    kind: "email",
    now,
    limit,
    send: (row) => mailer.send(row.payload as EmailMessage, { idempotencyKey: row.dedupeKey }),
  });
}
