import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { Conflict, Forbidden, InvalidInput } from "@/lib/errors";
import { generateWebhookSecret } from "../webhooks";
import { webhookSecretContext } from "./channel-store";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Adds a webhook endpoint. Its signing secret is returned exactly once (stored sealed, never shown
 * again); the endpoint gets events only after a test event succeeds. Plain http is allowed only to
 * loopback, and loopback only where the operator allows it (development): otherwise a customer
 * could make our server call into its own network.
 */
export async function addWebhookChannel(ctx: OrgCtx, input: { url: string; label: string }, { ring, allowLoopback }: { ring: MasterKeyRing; allowLoopback: boolean }) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change where notices go.");
  const url = new URL(input.url);
  const isLoopback = LOOPBACK_HOSTS.has(url.hostname);
  if (isLoopback && !allowLoopback) throw new InvalidInput("Webhooks must go to a public address.", { url: ["Use a public https:// address."] });
  if (url.protocol !== "https:" && !isLoopback) throw new InvalidInput("Webhooks must use https.", { url: ["Use an https:// address."] });
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const { sealed } = sealSecret(ring, secret, webhookSecretContext(id));
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({ id, orgId: ctx.orgId, kind: "webhook", target: url.toString(), label: input.label, secretCiphertext: sealed, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: notificationChannels.id });
    if (!row) throw new Conflict("That URL is already a webhook channel.");
    await appendAuditEvent(tx, { actor: ctx.actor, at: now, orgId: ctx.orgId, action: "channel.added", subjectType: "channel", subjectId: id, data: { kind: "webhook", target: url.toString() } });
  });
  return { channelId: id, secret };
}
