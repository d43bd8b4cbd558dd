import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { Conflict, Forbidden, InvalidInput } from "@/lib/errors";
import { DestinationRefused, type OutgoingHttp } from "@/lib/net";
import { generateWebhookSecret } from "../webhooks";
import { webhookSecretContext } from "./channel-store";

/**
 * Adds a webhook endpoint. Its signing secret is returned exactly once (stored sealed, never shown
 * again); the endpoint gets events only after a test event succeeds. The SSRF guard (lib/net)
 * checks the URL now, so a customer learns at once that an internal address or a name resolving to
 * one is refused, and again at every send, since DNS answers change.
 */
export async function addWebhookChannel(
  ctx: OrgCtx,
  input: { url: string; label: string },
  { ring, outgoing }: { ring: MasterKeyRing; outgoing: OutgoingHttp },
) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change where notices go.");
  const url = await checkWebhookUrl(outgoing, input.url);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const { sealed } = sealSecret(ring, secret, webhookSecretContext(id));
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        id,
        orgId: ctx.orgId,
        kind: "webhook",
        target: url.toString(),
        label: input.label,
        secretCiphertext: sealed,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: notificationChannels.id });
    if (!row) throw new Conflict("That URL is already a webhook channel.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "channel.added",
      subjectType: "channel",
      subjectId: id,
      data: { kind: "webhook", target: url.toString() },
    });
  });
  return { channelId: id, secret };
}

/**
 * A name that does not resolve and one that resolves to an internal address get the same answer:
 * telling them apart would let a customer map which internal names exist.
 */
const NOT_PUBLIC = "Use a public https:// address: this one does not lead to a public internet address.";
const REFUSED_URL_MESSAGES: Record<DestinationRefused["reason"], string> = {
  "invalid-url": "Enter a full URL starting with https://.",
  scheme: "Use an https:// address.",
  "non-public-address": NOT_PUBLIC,
  unresolvable: NOT_PUBLIC,
};

/** The SSRF guard's verdict on a webhook URL at save time, as a field error on `url`. */
export async function checkWebhookUrl(outgoing: OutgoingHttp, url: string): Promise<URL> {
  const checked = await outgoing.checkDestination(url).catch((error: unknown) => {
    throw error instanceof DestinationRefused
      ? new InvalidInput("Webhooks must go to a public https:// address.", {
          url: [REFUSED_URL_MESSAGES[error.reason]],
        })
      : error;
  });
  return checked.url;
}
