import { count, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { requestApproval } from "@/lib/approvals/request-approval";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { bulkRotations, bulkRotationWaves, editions, licenses } from "@/lib/db/schema";
import { InvalidInput, PolicyViolation } from "@/lib/errors";
import type { RequestBulkRotationInput } from "@/lib/validations/ops";
import { matchesBulkFilter } from "./bulk-rotation-selection";

/**
 * Sets up a bulk reissue and asks a second admin to approve it. Nothing rotates until then; the
 * selection is counted again when the run starts, so the waves are shares of what exists then.
 */
export async function requestBulkRotation(
  ctx: StaffCtx,
  input: RequestBulkRotationInput,
  { ttlHours }: { ttlHours: number },
) {
  assertAdmin(ctx);
  const {
    productId,
    editionId,
    orgId,
    status,
    expiringWithinDays,
    wavePercents,
    overlapMinutes,
    soakMinutes,
    haltFailurePercent,
    haltMinFailures,
    reason,
    reasonCategory,
  } = input;
  const filter = { productId, editionId, orgId, status, expiringWithinDays };
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    if (editionId) {
      const [edition] = await tx
        .select({ productId: editions.productId })
        .from(editions)
        .where(eq(editions.id, editionId));
      if (edition?.productId !== productId)
        throw new InvalidInput("Please correct the highlighted fields.", {
          editionId: ["Choose an edition of the chosen product."],
        });
    }
    const [matching] = await tx
      .select({ n: count() })
      .from(licenses)
      .where(matchesBulkFilter(tx, filter, now));
    if (!matching || matching.n === 0)
      throw new PolicyViolation("No license with a key matches this selection; nothing to rotate.");
    const [run] = await tx
      .insert(bulkRotations)
      .values({
        filter,
        wavePercents,
        overlapMinutes,
        soakMinutes,
        haltFailurePercent,
        haltMinFailures,
        reason,
        requestedBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx
      .insert(bulkRotationWaves)
      .values(wavePercents.map((percent, wave) => ({ bulkRunId: run!.id, wave, percent })));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "bulk_rotation.requested",
      subjectType: "bulk_rotation",
      subjectId: run!.id,
      reason,
      data: {
        reasonCategory,
        filter,
        wavePercents,
        overlapMinutes,
        soakMinutes,
        haltFailurePercent,
        haltMinFailures,
        matchingNow: matching.n,
      },
    });
    const approval = await requestApproval(tx, ctx, {
      action: "bulk_rotation.start",
      subjectType: "bulk_rotation",
      subjectId: run!.id,
      payload: { matchingNow: matching.n },
      reason,
      reasonCategory,
      ttlHours,
    });
    return { run: run!, approval, matchingNow: matching.n };
  });
}
