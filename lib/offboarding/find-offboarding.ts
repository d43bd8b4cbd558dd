import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { offboardings } from "@/lib/db/schema";

/** The organization's latest offboarding, scheduled or closed, or null: what the customer page shows. */
export async function findOffboarding(db: Executor, orgId: string) {
  const [latest] = await db
    .select()
    .from(offboardings)
    .where(eq(offboardings.orgId, orgId))
    .orderBy(desc(offboardings.requestedAt))
    .limit(1);
  return latest ?? null;
}
