import { and, eq, lte } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { approvals } from "@/lib/db/schema";
import { expireApproval } from "./decide-approval";

/** Worker sweep: requests nobody decided in time expire, and their subjects are released. */
export async function expireApprovals(ctx: Ctx, { limit = 100 }: { limit?: number } = {}): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.status, "pending"), lte(approvals.expiresAt, ctx.now())))
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const approval of due) await expireApproval(tx, ctx, approval);
    return due.length;
  });
}
