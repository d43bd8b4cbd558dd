import type { Db } from "@/lib/db";
import { deliverDueOutbox } from "./deliver-outbox";
import type { Email, Mailer } from "./email";

/** Retries emails whose first send failed (the first attempt happens at once, in sendEmail). */
export function retryFailedEmails(db: Db, mailer: Mailer, { now, limit }: { now: Date; limit?: number }) {
  return deliverDueOutbox(db, { kind: "email", now, limit, send: (row) => mailer.send(row.payload as Email, { idempotencyKey: row.dedupeKey }) });
}
