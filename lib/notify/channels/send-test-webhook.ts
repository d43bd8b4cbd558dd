import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import { PolicyViolation } from "@/lib/errors";
import type { OutgoingHttp } from "@/lib/net";
import { postTestWebhook } from "../webhooks";
import { findOrgChannel, webhookSecretContext } from "./channel-store";

/** Sends a signed `webhook.test` event now; a 2xx answer verifies the endpoint. */
export async function sendTestWebhook(
  ctx: OrgCtx,
  { channelId }: { channelId: string },
  { ring, outgoing }: { ring: MasterKeyRing; outgoing: OutgoingHttp },
) {
  const channel = await findOrgChannel(ctx.db, { orgId: ctx.orgId, channelId });
  if (channel.kind !== "webhook" || !channel.secretCiphertext)
    throw new PolicyViolation("Only webhook channels can receive a test event.");
  const now = ctx.now();
  await postTestWebhook(
    {
      url: channel.target,
      secrets: [openSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id))],
      now,
      data: { channelId: channel.id },
    },
    { outgoing },
  );
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(notificationChannels)
      .set({ verifiedAt: channel.verifiedAt ?? now })
      .where(eq(notificationChannels.id, channel.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "channel.tested",
      subjectType: "channel",
      subjectId: channel.id,
      data: { target: channel.target },
    });
  });
  return { verified: true };
}
