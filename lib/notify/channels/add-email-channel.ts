import { createHash, randomBytes } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { Conflict, Forbidden } from "@/lib/errors";
import type { Mailer } from "../email";
import { sendEmail } from "../send-email";
import { channelVerificationEmail } from "../messages";

export const hashVerificationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Adds an address that should hear about rotations. It gets nothing until someone at that address
 * clicks the verification link: a typo must not send key notices to a stranger.
 */
export async function addEmailChannel(
  ctx: OrgCtx,
  { email }: { email: string },
  { mailer, portalUrl }: { mailer: Mailer; portalUrl: string },
) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change where notices go.");
  const token = randomBytes(32).toString("base64url");
  const now = ctx.now();
  const channel = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        orgId: ctx.orgId,
        kind: "email",
        target: email,
        verificationDigest: hashVerificationToken(token),
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict(`${email} is already a notification channel.`);
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "channel.added",
      subjectType: "channel",
      subjectId: row.id,
      data: { kind: "email", target: email },
    });
    return row;
  });
  await sendEmail(ctx.db, mailer, {
    email: channelVerificationEmail({ to: email, verifyUrl: `${portalUrl}/channels/verify?token=${token}` }),
    dedupeKey: `channel-verify:${channel.id}`,
    orgId: ctx.orgId,
    now,
  });
  return { channelId: channel.id };
}
