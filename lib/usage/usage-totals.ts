import { and, eq, sum } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { usageRecords } from "@/lib/db/schema";

/** What a license has recorded of one meter in the period starting at `periodStartsAt`. */
export async function sumUsage(
  db: Executor,
  { licenseId, meter, periodStartsAt }: { licenseId: string; meter: string; periodStartsAt: Date },
): Promise<number> {
  const [row] = await db
    .select({ used: sum(usageRecords.quantity).mapWith(Number) })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.licenseId, licenseId),
        eq(usageRecords.meter, meter),
        eq(usageRecords.periodStartsAt, periodStartsAt),
      ),
    );
  return row?.used ?? 0;
}

/** How a quota's period reads in an answer: the limit, what is used and left, and what ran over. */
export function describeUsage(limit: number, used: number) {
  return { limit, used, remaining: Math.max(0, limit - used), overage: Math.max(0, used - limit) };
}
