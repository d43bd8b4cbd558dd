import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { outbox } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import { outboxMachine, transitionOutbox } from "./outbox-transitions";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";

/**
 * Support puts a dead-lettered delivery back in the queue (after the customer fixed their
 * endpoint, say) with a fresh set of attempts; the worker sends it on its next pass.
 */
export async function retryDeadDelivery(
  ctx: StaffCtx,
  input: { outboxId: string; reason: string; reasonCategory: StaffReasonCategory },
) {
  return ctx.db.transaction(async (tx) => {
    // The vendor's own webhooks are admin work: resent from their endpoint's page (resendVendorDelivery).
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, input.outboxId), isNull(outbox.vendorEndpointId)))
      .for("update");
    if (!row) throw new NotFound("Delivery not found.");
    assertAction(outboxMachine, "retry", row, viewerOf(ctx));
    const now = ctx.now();
    await transitionOutbox(tx, row, "pending", { attempts: 0, nextAttemptAt: now });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: row.orgId,
      action: "delivery.retried",
      subjectType: "outbox",
      subjectId: row.id,
      reason: input.reason,
      data: { kind: row.kind, attempts: row.attempts, lastError: row.lastError, reasonCategory: input.reasonCategory },
    });
    return { outboxId: row.id };
  });
}
