import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { OrgCtx } from "@/lib/context";
import { outbox } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { assertAction } from "@/lib/state-machine";
import { outboxMachine, transitionOutbox } from "../outbox-transitions";
import { findOrgChannel } from "./channel-store";

/**
 * An owner sends a delivery that gave up to their webhook again (after fixing the endpoint): the
 * outbox machine puts it back to pending with a fresh set of attempts, and the worker sends it.
 */
export async function resendChannelDelivery(
  ctx: OrgCtx,
  { channelId, deliveryId }: { channelId: string; deliveryId: string },
) {
  return ctx.db.transaction(async (tx) => {
    const channel = await findOrgChannel(tx, { orgId: ctx.orgId, channelId });
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, deliveryId), eq(outbox.channelId, channel.id), eq(outbox.orgId, ctx.orgId)))
      .for("update");
    if (!row) throw new NotFound("Delivery not found.");
    assertAction(outboxMachine, "resend", row, viewerOf(ctx));
    const now = ctx.now();
    await transitionOutbox(tx, row, "pending", { attempts: 0, nextAttemptAt: now });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "delivery.resent",
      subjectType: "outbox",
      subjectId: row.id,
      data: { kind: row.kind, attempts: row.attempts, target: channel.target },
    });
    return { deliveryId: row.id };
  });
}
