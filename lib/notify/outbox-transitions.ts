import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import {
  assertTransition,
  defineMachine,
  isOwnerOrVendor,
  isVendorSide,
  type TransitionTable,
} from "@/lib/state-machine";

export type OutboxStatus = (typeof outbox.status.enumValues)[number];
export type OutboxRow = typeof outbox.$inferSelect;

/**
 * pending → sending (claimed with a lease) → sent, or failed (retried after a backoff) or dead
 * (out of attempts: staff see it, nothing retries it silently). A sender that died leaves
 * `sending` with an expired lease, which the next claim takes again (sending → sending). Staff put
 * a dead row back to pending. Delivery attempts are the row's own record (attempts, lastError):
 * only the staff retry is an audit event, written by its use case.
 */
export const outboxTransitions: TransitionTable<OutboxStatus> = {
  pending: ["sending"],
  sending: ["sending", "sent", "failed", "dead"],
  failed: ["sending"],
  dead: ["pending"],
  sent: [],
};

/** The statuses a sender may claim a due row from (a `sending` one only once its lease ran out). */
export const CLAIMABLE_OUTBOX_STATUSES: OutboxStatus[] = ["pending", "failed", "sending"];

export const isDelivered = (row: Pick<OutboxRow, "status">) => row.status === "sent";
export const isDeadLettered = (row: Pick<OutboxRow, "status">) => row.status === "dead";
/** Waiting for its next attempt or being sent now: it goes out without anyone asking. */
export const isQueued = (row: Pick<OutboxRow, "status">) => row.status === "pending" || row.status === "sending";
/** Failed at least once and due again at `nextAttemptAt`. */
export const awaitsRetry = (row: Pick<OutboxRow, "status">) => row.status === "failed";

export const outboxMachine = defineMachine({
  transitions: outboxTransitions,
  stateOf: (row: Pick<OutboxRow, "status">) => row.status,
  actions: {
    retry: {
      from: ["dead"],
      allowed: isVendorSide,
      refuse: (status) => new Conflict(`Only a dead-lettered delivery can be retried; this one is ${status}.`),
    },
    /** A customer's owner sends a delivery to their own webhook again, from its page (issue 16, item 10). */
    resend: {
      from: ["dead"],
      allowed: isOwnerOrVendor,
      forbidden: "Only an owner can send a delivery again.",
      refuse: (status) =>
        new Conflict(
          `Only a delivery that gave up can be sent again; this one is ${status === "sent" ? "delivered" : "still being tried"}.`,
        ),
    },
  },
});
export type OutboxAction = keyof typeof outboxMachine.actions;

type OutboxStamp = Partial<Pick<typeof outbox.$inferInsert, "attempts" | "nextAttemptAt" | "sentAt" | "lastError">>;

/**
 * The only place an outbox row changes status: checked against the table and guarded by
 * `WHERE status = from`, so a sender whose lease was taken over loses cleanly instead of
 * overwriting the new sender's outcome.
 */
export async function transitionOutbox(
  db: Executor,
  row: Pick<OutboxRow, "id" | "status">,
  to: OutboxStatus,
  stamp: OutboxStamp = {},
): Promise<boolean> {
  assertTransition(outboxTransitions, row.status, to, "This delivery");
  const updated = await db
    .update(outbox)
    .set({ status: to, ...stamp })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, row.status)))
    .returning({ id: outbox.id });
  return updated.length > 0;
}
