import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { appMeta } from "@/lib/db/schema";
import { WORKER_HEARTBEAT_KEY } from "@/lib/status/components";

/** When any worker last finished a pass (the heartbeat `lib/status` records); null if none ever has. */
export async function getWorkerLastPass(db: Executor): Promise<Date | null> {
  const [row] = await db
    .select({ updatedAt: appMeta.updatedAt })
    .from(appMeta)
    .where(eq(appMeta.key, WORKER_HEARTBEAT_KEY));
  return row?.updatedAt ?? null;
}
