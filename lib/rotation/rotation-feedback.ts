import { and, desc, eq, gte } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenses, rotationFeedback, rotations } from "@/lib/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import type { RotationFeedbackInput } from "@/lib/validations/health";
import { isCompleted } from "./rotation-transitions";

/** After this long a rotation is history: asking how it went would only be noise. */
export const FEEDBACK_PROMPT_DAYS = 30;

/**
 * The rotation to ask the signed-in user about on a license page: the latest completed one, if it
 * completed within FEEDBACK_PROMPT_DAYS and this user has neither answered nor dismissed it.
 */
export async function findRotationFeedbackPrompt(
  ctx: OrgCtx,
  { licenseId }: { licenseId: string },
): Promise<{ rotationId: string; completedAt: Date } | null> {
  const since = new Date(ctx.now().getTime() - FEEDBACK_PROMPT_DAYS * 86_400_000);
  const [latest] = await ctx.db
    .select({ rotationId: rotations.id, completedAt: rotations.completedAt })
    .from(rotations)
    .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
    .where(
      and(
        eq(rotations.licenseId, licenseId),
        eq(licenses.orgId, ctx.orgId),
        eq(rotations.state, "completed"),
        gte(rotations.completedAt, since),
      ),
    )
    .orderBy(desc(rotations.completedAt))
    .limit(1);
  if (!latest?.completedAt) return null;
  const [answered] = await ctx.db
    .select({ id: rotationFeedback.id })
    .from(rotationFeedback)
    .where(and(eq(rotationFeedback.rotationId, latest.rotationId), eq(rotationFeedback.userId, ctx.actor.userId)));
  return answered ? null : { rotationId: latest.rotationId, completedAt: latest.completedAt };
}

/** Records the user's answer (or dismissal) once; a second one for the same rotation is a conflict. */
export async function recordRotationFeedback(ctx: OrgCtx, input: RotationFeedbackInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const [rotation] = await tx
      .select({ id: rotations.id, licenseId: rotations.licenseId, state: rotations.state })
      .from(rotations)
      .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
      .where(and(eq(rotations.id, input.rotationId), eq(licenses.orgId, ctx.orgId)));
    if (!rotation) throw new NotFound("That rotation does not exist in your organization.");
    if (!isCompleted(rotation)) throw new Conflict("Feedback is asked for once a rotation has completed.");
    const now = ctx.now();
    const [row] = await tx
      .insert(rotationFeedback)
      .values({
        rotationId: rotation.id,
        orgId: ctx.orgId,
        userId: ctx.actor.userId,
        answer: input.answer,
        comment: input.comment,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: rotationFeedback.id });
    if (!row) throw new Conflict("You already answered for this rotation. Thank you!");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: input.answer === "dismissed" ? "rotation.feedback_dismissed" : "rotation.feedback_given",
      subjectType: "license",
      subjectId: rotation.licenseId,
      data: { rotationId: rotation.id, answer: input.answer, hasComment: input.comment !== null },
    });
    return row;
  });
}
