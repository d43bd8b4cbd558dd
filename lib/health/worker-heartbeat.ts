import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { appMeta } from "@/lib/db/schema";

const LAST_PASS_KEY = "worker.last_pass_at";

/** Written at the end of every worker pass, by whichever process ran it. */
export async function recordWorkerPass(db: Executor, at: Date): Promise<void> {
  await db
    .insert(appMeta)
    .values({ key: LAST_PASS_KEY, value: at.toISOString(), updatedAt: at })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: at.toISOString(), updatedAt: at } });
}

/** When any worker last finished a pass; null if none ever has. */
export async function getWorkerLastPass(db: Executor): Promise<Date | null> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, LAST_PASS_KEY));
  return typeof row?.value === "string" ? new Date(row.value) : null;
}
