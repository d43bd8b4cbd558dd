import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { statusSubscribers } from "@/lib/db/schema";
import { sendEmail, statusConfirmationEmail, type Mailer } from "@/lib/notify";
import { hashVerificationToken } from "@/lib/notify/channels/add-email-channel";

/** A second request for the same address within this time sends no second email (no mail bombing). */
export const CONFIRMATION_RESEND_MINUTES = 10;

/**
 * Double opt-in, step one: remember the address unconfirmed and email it a confirmation link.
 * The answer is the same whatever the address's state, so the form reveals nobody's subscription.
 */
export async function subscribeToStatus(ctx: Ctx, { email }: { email: string }, { mailer, portalUrl }: { mailer: Mailer; portalUrl: string }): Promise<void> {
  const now = ctx.now();
  const address = email.trim().toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const toSend = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(statusSubscribers).where(eq(statusSubscribers.email, address)).for("update");
    if (existing?.verifiedAt) return null;
    if (existing && now.getTime() - existing.verificationSentAt.getTime() < CONFIRMATION_RESEND_MINUTES * 60_000) return null;
    const [row] = existing
      ? await tx.update(statusSubscribers).set({ verificationDigest: hashVerificationToken(token), verificationSentAt: now }).where(eq(statusSubscribers.id, existing.id)).returning()
      : await tx.insert(statusSubscribers).values({ email: address, verificationDigest: hashVerificationToken(token), verificationSentAt: now, createdAt: now }).returning();
    await appendAuditEvent(tx, { actor: ctx.actor, at: now, action: "status_subscriber.requested", subjectType: "status_subscriber", subjectId: row!.id });
    return row!;
  });
  if (!toSend) return;
  await sendEmail(ctx.db, mailer, {
    email: statusConfirmationEmail({ to: address, confirmUrl: `${portalUrl}/status/confirm?token=${token}` }),
    dedupeKey: `status-confirm:${toSend.id}:${now.getTime()}`,
    now,
  });
}
