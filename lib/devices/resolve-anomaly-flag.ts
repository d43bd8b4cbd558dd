import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { deviceAnomalyFlags, licenses } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { StaffReason } from "@/lib/validations/staff";

/**
 * Staff close a flag with what they found. Guarded by `resolved_at is null`, so two people
 * resolving at once record one resolution; a later anomaly on the license raises a new flag.
 */
export async function resolveAnomalyFlag(
  ctx: StaffCtx,
  { flagId, reason, reasonCategory }: { flagId: string } & StaffReason,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [flag] = await tx
      .update(deviceAnomalyFlags)
      .set({ resolvedAt: now, resolvedBy: ctx.actor.userId, resolution: reason })
      .where(and(eq(deviceAnomalyFlags.id, flagId), isNull(deviceAnomalyFlags.resolvedAt)))
      .returning();
    if (!flag) throw new Conflict("This flag is already resolved, or no longer exists. Refresh the list.");
    const [license] = await tx.select({ orgId: licenses.orgId }).from(licenses).where(eq(licenses.id, flag.licenseId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license?.orgId,
      action: "device_anomaly.resolved",
      subjectType: "license",
      subjectId: flag.licenseId,
      reason,
      data: { flagId: flag.id, kind: flag.kind, observed: flag.observed, reasonCategory },
    });
  });
}
