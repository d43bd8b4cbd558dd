import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { findMovableRotation } from "./find-movable-rotation";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { auditEvents, rotations } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";

const POSTPONED = "rotation.postponed";
export const POSTPONEMENT_UNDONE = "rotation.postponement_undone";

/**
 * Undo of "Postpone" (issue 16 item 4): puts the license's upcoming scheduled rotation back on the
 * date it had before its last postponement. The date comes from the audit trail, never from the
 * browser, so an Undo cannot be replayed to move a rotation anywhere else; it only applies while the
 * rotation still sits where that postponement put it, and while the earlier date is still ahead.
 */
export async function undoPostponement(ctx: OrgCtx, { licenseId }: { licenseId: string }) {
  return ctx.db.transaction(async (tx) => {
    const { rotation } = await findMovableRotation(
      tx,
      ctx,
      licenseId,
      "There is no upcoming scheduled rotation to move back.",
    );
    const [last] = await tx
      .select({
        action: auditEvents.action,
        from: sql<string>`${auditEvents.data}->>'from'`,
        to: sql<string>`${auditEvents.data}->>'to'`,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, licenseId),
          inArray(auditEvents.action, [POSTPONED, POSTPONEMENT_UNDONE]),
          sql`${auditEvents.data}->>'rotationId' = ${rotation.id}`,
        ),
      )
      .orderBy(desc(auditEvents.id))
      .limit(1);
    if (last?.action !== POSTPONED || new Date(last.to).getTime() !== rotation.scheduledFor.getTime())
      throw new Conflict("This rotation has changed since it was postponed; nothing to undo.");
    const previous = new Date(last.from);
    if (previous <= ctx.now())
      throw new Conflict("The earlier date has already passed; the rotation stays where it is.");
    await tx
      .update(rotations)
      .set({ scheduledFor: previous, updatedAt: ctx.now(), nextStepAt: ctx.now() })
      .where(and(eq(rotations.id, rotation.id), eq(rotations.scheduledFor, rotation.scheduledFor)));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: POSTPONEMENT_UNDONE,
      subjectType: "license",
      subjectId: licenseId,
      data: { rotationId: rotation.id, from: rotation.scheduledFor, to: previous },
    });
    return { rotationId: rotation.id, scheduledFor: previous };
  });
}
