import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { statusSubscribers } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { hashVerificationToken } from "@/lib/notify/channels/add-email-channel";

const LINK_VALID_DAYS = 7;

/** Double opt-in, step two: the link from the confirmation email. Works once. */
export async function confirmStatusSubscription(ctx: Ctx, { token }: { token: string }): Promise<{ email: string }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [subscriber] = await tx
      .select()
      .from(statusSubscribers)
      .where(
        and(
          eq(statusSubscribers.verificationDigest, hashVerificationToken(token)),
          isNull(statusSubscribers.verifiedAt),
        ),
      )
      .for("update");
    if (!subscriber || now.getTime() - subscriber.verificationSentAt.getTime() > LINK_VALID_DAYS * 86_400_000) {
      throw new NotFound(
        "This confirmation link is invalid, already used, or expired. Subscribe again on the status page.",
      );
    }
    await tx
      .update(statusSubscribers)
      .set({ verifiedAt: now, verificationDigest: null })
      .where(eq(statusSubscribers.id, subscriber.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "status_subscriber.confirmed",
      subjectType: "status_subscriber",
      subjectId: subscriber.id,
    });
    return { email: subscriber.email };
  });
}
