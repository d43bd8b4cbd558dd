import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { offboardings, organizations } from "@/lib/db/schema";
import { Conflict, InvalidInput, NotFound } from "@/lib/errors";
import { enqueueEmails, findNoticeRecipientsByOrg, offboardingNoticeEmail } from "@/lib/notify";
import type { ScheduleOffboardingInput } from "@/lib/validations/offboarding";

/**
 * Staff end a customer by a date (issue 22): nothing changes until then except that the customer
 * is told, once, in the same transaction as the record, so a schedule never goes out unannounced.
 * The worker carries it out at the date (`completeDueOffboardings`); until then it can be cancelled.
 */
export async function scheduleOffboarding(
  ctx: StaffCtx,
  input: ScheduleOffboardingInput,
  { portalUrl }: { portalUrl: string },
) {
  const now = ctx.now();
  if (input.endsAt <= now)
    throw new InvalidInput("Choose a date in the future.", {
      endsAt: ["The end date must be after today; to stop a customer now, revoke its licenses."],
    });
  return ctx.db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.orgId)).for("update");
    if (!org) throw new NotFound("No such customer.");
    const [offboarding] = await tx
      .insert(offboardings)
      .values({
        orgId: org.id,
        endsAt: input.endsAt,
        licenseEnding: input.licenseEnding,
        reason: input.reason,
        customerMessage: input.customerMessage ?? null,
        requestedBy: ctx.actor.userId,
        requestedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!offboarding) throw new Conflict("This customer already has an offboarding scheduled; cancel it first.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: org.id,
      action: "offboarding.scheduled",
      subjectType: "organization",
      subjectId: org.id,
      reason: input.reason,
      data: {
        offboardingId: offboarding.id,
        endsAt: input.endsAt.toISOString(),
        licenseEnding: input.licenseEnding,
        reasonCategory: input.reasonCategory,
        ...(input.customerMessage ? { customerMessage: input.customerMessage } : {}),
      },
    });
    const recipients = (await findNoticeRecipientsByOrg(tx, [org.id])).get(org.id) ?? [];
    await enqueueEmails(
      tx,
      recipients.map((to) => ({
        email: offboardingNoticeEmail({
          to,
          orgName: org.name,
          endsAt: input.endsAt.toISOString(),
          licenseEnding: input.licenseEnding,
          customerMessage: input.customerMessage ?? null,
          portalUrl,
        }),
        dedupeKey: `offboarding-notice:${offboarding.id}:${to}`,
        orgId: org.id,
        now,
      })),
    );
    return offboarding;
  });
}
