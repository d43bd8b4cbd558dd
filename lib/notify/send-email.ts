import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { outbox } from "@/lib/db/schema";
import { DELIVERY_LEASE_MS } from "./deliver-outbox";
import type { EmailMessage, Mailer } from "./email";
import { isDelivered, transitionOutbox } from "./outbox-transitions";

export interface SendEmailInput {
  email: EmailMessage;
  /** Same key, same email: a retry or a double click never sends it twice. */
  dedupeKey: string;
  orgId?: string | null;
  now: Date;
}

/**
 * Records the email in the outbox, then tries to send it at once (sign-in links cannot wait for
 * the worker). A failure leaves the row `failed` with a next attempt time for the worker to retry.
 */
export async function sendEmail(
  db: Db,
  mailer: Mailer,
  input: SendEmailInput,
): Promise<{ outboxId: string; delivered: boolean; created: boolean }> {
  const [row] = await db
    .insert(outbox)
    .values({
      kind: "email",
      orgId: input.orgId ?? null,
      dedupeKey: input.dedupeKey,
      payload: { ...input.email, transport: mailer.transport },
      // Reserved for this immediate send; the worker retries it only if the lease runs out.
      status: "sending",
      attempts: 1,
      nextAttemptAt: new Date(input.now.getTime() + DELIVERY_LEASE_MS),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  if (!row) {
    const [existing] = await db
      .select({ id: outbox.id, status: outbox.status })
      .from(outbox)
      .where(eq(outbox.dedupeKey, input.dedupeKey));
    return { outboxId: existing!.id, delivered: isDelivered(existing!), created: false };
  }
  const sending = { id: row.id, status: "sending" as const };
  try {
    await mailer.send(input.email, { idempotencyKey: input.dedupeKey });
    await transitionOutbox(db, sending, "sent", { sentAt: input.now });
    return { outboxId: row.id, delivered: true, created: true };
  } catch (error) {
    const retryAt = new Date(input.now.getTime() + 60_000);
    await transitionOutbox(db, sending, "failed", {
      lastError: error instanceof Error ? error.message : "send failed",
      nextAttemptAt: retryAt,
    });
    return { outboxId: row.id, delivered: false, created: true };
  }
}

/**
 * Queues an email in the caller's transaction, for the worker to send (the transactional outbox:
 * a rotation step's email exists if and only if the step committed). Returns whether it is new.
 */
export async function enqueueEmail(tx: Executor, input: SendEmailInput): Promise<boolean> {
  return (await enqueueEmails(tx, [input])) > 0;
}

/** Queues many emails at once (a bulk rotation step); returns how many were new. */
export async function enqueueEmails(tx: Executor, inputs: readonly SendEmailInput[]): Promise<number> {
  return insertRows(
    tx,
    outbox,
    inputs.map((input) => ({
      kind: "email" as const,
      orgId: input.orgId ?? null,
      dedupeKey: input.dedupeKey,
      payload: input.email,
      nextAttemptAt: input.now,
    })),
    { onConflictDoNothing: true },
  );
}
