import { and, count, desc, eq, gte, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { channelKind, outbox, outboxStatus } from "@/lib/db/schema";

type OutboxStatus = (typeof outboxStatus.enumValues)[number];
type ChannelKind = (typeof channelKind.enumValues)[number];

export interface OutboxSummary {
  /** Every kind × status with its count, zeros included. */
  counts: Record<ChannelKind, Record<OutboxStatus, number>>;
  /** The latest failed or dead messages, for the reason they give. Never the payload. */
  recentFailures: {
    id: string;
    kind: ChannelKind;
    status: "failed" | "dead";
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }[];
}

export async function countOutboxByStatus(db: Executor): Promise<OutboxSummary["counts"]> {
  const rows = await db
    .select({ kind: outbox.kind, status: outbox.status, total: count() })
    .from(outbox)
    .groupBy(outbox.kind, outbox.status);
  const counts = Object.fromEntries(
    channelKind.enumValues.map((kind) => [
      kind,
      Object.fromEntries(outboxStatus.enumValues.map((status) => [status, 0])),
    ]),
  ) as OutboxSummary["counts"];
  for (const row of rows) counts[row.kind][row.status] = row.total;
  return counts;
}

/** Backlog and failures of the outbox: what is waiting, what keeps failing, what was given up. */
export async function summarizeOutbox(db: Executor, { limit = 10 }: { limit?: number } = {}): Promise<OutboxSummary> {
  const [counts, recentFailures] = await Promise.all([
    countOutboxByStatus(db),
    db
      .select({
        id: outbox.id,
        kind: outbox.kind,
        status: outbox.status,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        createdAt: outbox.createdAt,
      })
      .from(outbox)
      .where(inArray(outbox.status, ["failed", "dead"]))
      .orderBy(desc(outbox.createdAt))
      .limit(limit),
  ]);
  return { counts, recentFailures: recentFailures as OutboxSummary["recentFailures"] };
}

/** Messages given up on (dead) that were created since `since`: what the dead-outbox alert counts. */
export async function countDeadOutboxSince(db: Executor, since: Date): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(outbox)
    .where(and(eq(outbox.status, "dead"), gte(outbox.createdAt, since)));
  return row?.total ?? 0;
}
