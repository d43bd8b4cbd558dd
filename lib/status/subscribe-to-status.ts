import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { statusSubscribers } from "@/lib/db/schema";
import { sendEmail, statusConfirmationEmail, type Mailer } from "@/lib/notify";
import { hashVerificationToken } from "@/lib/notify/channels/add-email-channel";
import type { StatusSubscriptionLimiter } from "./status-subscription-limits";

/**
 * Double opt-in, step one: remember the address unconfirmed and email it a confirmation link.
 * Within the limits the answer is the same whatever the address's state, so the form reveals
 * nobody's subscription; over a limit nothing is stored or sent, and the form says why.
 */
export async function subscribeToStatus(
  ctx: Ctx,
  { email, address }: { email: string; address: string },
  { mailer, portalUrl, limiter }: { mailer: Mailer; portalUrl: string; limiter: StatusSubscriptionLimiter },
): Promise<void> {
  const now = ctx.now();
  const subscriberEmail = email.trim().toLowerCase();
  // Counted before the address's state is looked at, so a refusal says nothing about a subscription.
  await limiter({ email: subscriberEmail, address });
  const token = randomBytes(32).toString("base64url");
  const toSend = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(statusSubscribers)
      .where(eq(statusSubscribers.email, subscriberEmail))
      .for("update");
    if (existing?.verifiedAt) return null;
    const [row] = existing
      ? await tx
          .update(statusSubscribers)
          .set({ verificationDigest: hashVerificationToken(token), verificationSentAt: now })
          .where(eq(statusSubscribers.id, existing.id))
          .returning()
      : await tx
          .insert(statusSubscribers)
          .values({
            email: subscriberEmail,
            verificationDigest: hashVerificationToken(token),
            verificationSentAt: now,
            createdAt: now,
          })
          .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "status_subscriber.requested",
      subjectType: "status_subscriber",
      subjectId: row!.id,
    });
    return row!;
  });
  if (!toSend) return;
  await sendEmail(ctx.db, mailer, {
    email: statusConfirmationEmail({ to: subscriberEmail, confirmUrl: `${portalUrl}/status/confirm?token=${token}` }),
    dedupeKey: `status-confirm:${toSend.id}:${now.getTime()}`,
    now,
  });
}
