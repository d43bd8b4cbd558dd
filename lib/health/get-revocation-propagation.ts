import { and, count, gte, isNotNull, max, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { revocations } from "@/lib/db/schema";

export interface RevocationPropagation {
  /** Revocations delivered to a push stream that was open when they happened. */
  measured: number;
  p50Seconds: number | null;
  p99Seconds: number | null;
  maxSeconds: number | null;
}

/**
 * How long a revocation takes to reach connected clients: from `revoked_at` to the first push of
 * it over the SSE stream (the pull feed shows it as soon as it commits). Only revocations seen by
 * a stream already open at the time count, so a client catching up on old entries skews nothing.
 */
export async function getRevocationPropagation(
  db: Executor,
  { since }: { since: Date },
): Promise<RevocationPropagation> {
  const delaySeconds = sql`greatest(0, extract(epoch from (${revocations.firstStreamedAt} - ${revocations.revokedAt})))`;
  const seconds = (value: unknown) => (value === null ? null : Math.round(Number(value) * 1000) / 1000);
  const [row] = await db
    .select({
      measured: count(),
      p50Seconds: sql<number | null>`percentile_cont(0.5) within group (order by ${delaySeconds})`.mapWith(seconds),
      p99Seconds: sql<number | null>`percentile_cont(0.99) within group (order by ${delaySeconds})`.mapWith(seconds),
      maxSeconds: max(delaySeconds).mapWith(seconds),
    })
    .from(revocations)
    .where(and(isNotNull(revocations.firstStreamedAt), gte(revocations.revokedAt, since)));
  return row ?? { measured: 0, p50Seconds: null, p99Seconds: null, maxSeconds: null };
}
