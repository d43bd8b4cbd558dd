import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import { PolicyViolation } from "@/lib/errors";
import { DeliveryFailed, type OutgoingHttp } from "@/lib/net";
import { postWebhook } from "../webhooks";
import { findOrgChannel, webhookSecretContext } from "./channel-store";

/**
 * Sends a signed `webhook.test` event now; a 2xx answer verifies the endpoint. A failure tells the
 * customer "could not deliver" or the status class only (lib/net): the test send must not become a
 * probe that reports what answered where.
 */
export async function sendTestWebhook(ctx: OrgCtx, { channelId }: { channelId: string }, { ring, outgoing }: { ring: MasterKeyRing; outgoing: OutgoingHttp }) {
  const channel = await findOrgChannel(ctx.db, { orgId: ctx.orgId, channelId });
  if (channel.kind !== "webhook" || !channel.secretCiphertext) throw new PolicyViolation("Only webhook channels can receive a test event.");
  const now = ctx.now();
  try {
    await postWebhook(
      {
        url: channel.target,
        secret: openSecret(ring, channel.secretCiphertext, webhookSecretContext(channel.id)),
        messageId: `msg_test_${now.getTime()}`,
        event: { type: "webhook.test", timestamp: now.toISOString(), data: { channelId: channel.id, message: "Test event from Rekey" } },
        now,
      },
      { outgoing },
    );
  } catch (error) {
    if (!(error instanceof DeliveryFailed)) throw error;
    throw new PolicyViolation(`The test event did not get through. ${error.message} The endpoint must answer 2xx within 10 seconds.`, error.detail);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(notificationChannels).set({ verifiedAt: channel.verifiedAt ?? now }).where(eq(notificationChannels.id, channel.id));
    await appendAuditEvent(tx, { actor: ctx.actor, at: now, orgId: ctx.orgId, action: "channel.tested", subjectType: "channel", subjectId: channel.id, data: { target: channel.target } });
  });
  return { verified: true };
}
