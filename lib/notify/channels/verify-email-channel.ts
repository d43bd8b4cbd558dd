import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { notificationChannels, organizations } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { hashVerificationToken } from "./add-email-channel";

const LINK_VALID_DAYS = 7;

/** The link in the verification email: proves the address reads its mail. Works once. */
export async function verifyEmailChannel(ctx: Ctx, { token }: { token: string }) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [channel] = await tx
      .select({
        id: notificationChannels.id,
        orgId: notificationChannels.orgId,
        target: notificationChannels.target,
        createdAt: notificationChannels.createdAt,
        orgName: organizations.name,
      })
      .from(notificationChannels)
      .innerJoin(organizations, eq(organizations.id, notificationChannels.orgId))
      .where(
        and(
          eq(notificationChannels.verificationDigest, hashVerificationToken(token)),
          isNull(notificationChannels.verifiedAt),
        ),
      )
      .for("update", { of: notificationChannels });
    if (!channel || now.getTime() - channel.createdAt.getTime() > LINK_VALID_DAYS * 86_400_000) {
      throw new NotFound(
        "This verification link is invalid, already used, or expired. Ask an owner to add the address again.",
      );
    }
    await tx
      .update(notificationChannels)
      .set({ verifiedAt: now, verificationDigest: null })
      .where(eq(notificationChannels.id, channel.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: channel.orgId,
      action: "channel.verified",
      subjectType: "channel",
      subjectId: channel.id,
      data: { target: channel.target },
    });
    return { target: channel.target, orgName: channel.orgName };
  });
}
