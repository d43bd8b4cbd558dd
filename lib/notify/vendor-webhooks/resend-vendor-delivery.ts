import { and, eq, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { outbox } from "@/lib/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import { isQueued, type OutboxRow } from "../outbox-transitions";
import type { ResendVendorDeliveryInput } from "@/lib/validations/vendor-webhooks";

/** A queued or in-flight delivery goes out anyway; resending it would only reset its attempts. */
export function isResendable(delivery: Pick<OutboxRow, "status">): boolean {
  return !isQueued(delivery);
}

/**
 * Puts one of a vendor endpoint's deliveries back in the queue with a fresh set of attempts: a
 * failed or dead one after the receiver was fixed, or a sent one the receiver lost. It keeps its
 * message id (`webhook-id`), so a receiver that did process it can drop the repeat.
 */
export async function resendVendorDelivery(ctx: StaffCtx, input: ResendVendorDeliveryInput) {
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, input.outboxId), isNotNull(outbox.vendorEndpointId)))
      .for("update");
    if (!row) throw new NotFound("Delivery not found.");
    if (!isResendable(row))
      throw new Conflict("This delivery is already queued; it goes out on the worker's next pass.");
    const now = ctx.now();
    await tx.update(outbox).set({ status: "pending", attempts: 0, nextAttemptAt: now }).where(eq(outbox.id, row.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "vendor_webhook.delivery_resent",
      subjectType: "vendor_webhook",
      subjectId: row.vendorEndpointId!,
      reason: input.reason,
      data: { outboxId: row.id, status: row.status, attempts: row.attempts, reasonCategory: input.reasonCategory },
    });
    return { outboxId: row.id };
  });
}
