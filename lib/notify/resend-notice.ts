import { count, eq, like } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { outbox } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReasonCategory } from "@/lib/validations/staff";

/**
 * Support sends a notice again ("I never got the email"): a new outbox row with the same content,
 * queued for the worker. The original stays as it was, so the history shows both.
 */
export async function resendNotice(
  ctx: StaffCtx,
  input: { outboxId: string; reason: string; reasonCategory: StaffReasonCategory },
) {
  return ctx.db.transaction(async (tx) => {
    const [original] = await tx.select().from(outbox).where(eq(outbox.id, input.outboxId)).for("update");
    // Rows without an organisation are sign-in links: single-use, and never staff's to send.
    if (!original?.orgId) throw new NotFound("Notice not found.");
    // Counted under the row lock, so two resends get distinct keys and neither is dropped as a duplicate.
    const [previous] = await tx
      .select({ n: count() })
      .from(outbox)
      .where(like(outbox.dedupeKey, `${original.dedupeKey.replace(/[\\%_]/g, (c) => `\\${c}`)}#resend-%`));
    const now = ctx.now();
    const [copy] = await tx
      .insert(outbox)
      .values({
        orgId: original.orgId,
        channelId: original.channelId,
        kind: original.kind,
        dedupeKey: `${original.dedupeKey}#resend-${(previous?.n ?? 0) + 1}`,
        payload: original.payload,
        status: "pending",
        nextAttemptAt: now,
      })
      .returning({ id: outbox.id });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: original.orgId,
      action: "delivery.resent",
      subjectType: "outbox",
      subjectId: original.id,
      reason: input.reason,
      data: { kind: original.kind, copyId: copy!.id, reasonCategory: input.reasonCategory },
    });
    return { outboxId: copy!.id };
  });
}
