/** Pause, resume and cancel a bulk rotation: each one guarded transition, with the staff reason. */
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import type { StaffReason } from "@/lib/validations/staff";
import { isHalted, transitionBulkRotation } from "./bulk-rotation-transitions";
import { lockBulkRotation } from "./start-bulk-rotation";

type ControlInput = { bulkRunId: string } & StaffReason;

/** Stops issuing new keys; rotations already in their overlap finish as promised to customers. */
export async function pauseBulkRotation(ctx: StaffCtx, { bulkRunId, reason, reasonCategory }: ControlInput) {
  assertAdmin(ctx);
  await ctx.db.transaction(async (tx) =>
    transitionBulkRotation(tx, ctx, await lockBulkRotation(tx, bulkRunId), "paused", {
      reason,
      data: { reasonCategory },
    }),
  );
}

/**
 * Carries on after a pause or a halt. After a halt, the failures that caused it have been looked
 * at: only failures from now on count against the run, or it would halt again at once.
 */
export async function resumeBulkRotation(ctx: StaffCtx, { bulkRunId, reason, reasonCategory }: ControlInput) {
  assertAdmin(ctx);
  await ctx.db.transaction(async (tx) => {
    const run = await lockBulkRotation(tx, bulkRunId);
    const stamp = isHalted(run) ? { failuresCountedFrom: ctx.now(), haltReason: null } : {};
    await transitionBulkRotation(tx, ctx, run, "running", { reason, data: { reasonCategory }, stamp });
  });
}

/** Ends the run; the worker cancels its rotations that have not issued a key yet. */
export async function cancelBulkRotation(ctx: StaffCtx, { bulkRunId, reason, reasonCategory }: ControlInput) {
  assertAdmin(ctx);
  await ctx.db.transaction(async (tx) =>
    transitionBulkRotation(tx, ctx, await lockBulkRotation(tx, bulkRunId), "cancelled", {
      reason,
      data: { reasonCategory },
      stamp: { finishedAt: ctx.now() },
    }),
  );
}
