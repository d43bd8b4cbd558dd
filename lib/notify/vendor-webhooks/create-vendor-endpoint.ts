import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { OutgoingHttp } from "@/lib/net";
import type { CreateVendorEndpointInput } from "@/lib/validations/vendor-webhooks";
import { checkWebhookUrl } from "../channels/add-webhook-channel";
import { generateWebhookSecret } from "../webhooks";
import { vendorWebhookSecretContext } from "./vendor-endpoint-store";

/**
 * An admin points the vendor's own systems at Rekey's events. The signing secret (`whsec_…`,
 * Standard Webhooks) is returned exactly once and stored sealed; the SSRF guard checks the URL now
 * and again at every send, since DNS answers change.
 */
export async function createVendorEndpoint(
  ctx: StaffCtx,
  input: CreateVendorEndpointInput,
  { ring, outgoing }: { ring: MasterKeyRing; outgoing: OutgoingHttp },
) {
  assertAdmin(ctx);
  const url = (await checkWebhookUrl(outgoing, input.url)).toString();
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(vendorWebhookEndpoints)
      .values({
        id,
        url,
        description: input.description,
        eventTypes: [...new Set(input.eventTypes)],
        secretCiphertext: sealSecret(ring, secret, vendorWebhookSecretContext(id)).sealed,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: vendorWebhookEndpoints.id });
    if (!row) throw new Conflict("That URL is already a webhook endpoint.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "vendor_webhook.created",
      subjectType: "vendor_webhook",
      subjectId: id,
      reason: input.reason,
      data: { url, eventTypes: input.eventTypes, reasonCategory: input.reasonCategory },
    });
  });
  return { endpointId: id, url, secret };
}
