import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { userPasskeys } from "@/lib/db/schema";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The person's own passkeys, oldest first, for their security page. */
export async function listPasskeys(db: Executor, userId: string): Promise<PasskeySummary[]> {
  return db
    .select({
      id: userPasskeys.id,
      name: userPasskeys.name,
      createdAt: userPasskeys.createdAt,
      lastUsedAt: userPasskeys.lastUsedAt,
    })
    .from(userPasskeys)
    .where(eq(userPasskeys.userId, userId))
    .orderBy(asc(userPasskeys.createdAt));
}
