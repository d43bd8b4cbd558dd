import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import type { RollVendorEndpointSecretInput } from "@/lib/validations/vendor-webhooks";
import { generateWebhookSecret } from "../webhooks";
import { findVendorEndpoint, vendorWebhookSecretContext } from "./vendor-endpoint-store";

/**
 * A new signing secret, returned once. For the overlap chosen every message carries two
 * signatures, new and old (Standard Webhooks allows several, space-separated), so the receiver can
 * deploy the new secret before the old one stops. A roll inside an overlap ends the earlier
 * overlap: only the secret being replaced keeps signing.
 */
export async function rollVendorEndpointSecret(
  ctx: StaffCtx,
  input: RollVendorEndpointSecretInput,
  { ring }: { ring: MasterKeyRing },
) {
  assertAdmin(ctx);
  const now = ctx.now();
  const overlapEndsAt = new Date(now.getTime() + input.overlapMinutes * 60_000);
  const secret = generateWebhookSecret();
  const url = await ctx.db.transaction(async (tx) => {
    const endpoint = await findVendorEndpoint(tx, input.endpointId, { forUpdate: true });
    await tx
      .update(vendorWebhookEndpoints)
      .set({
        secretCiphertext: sealSecret(ring, secret, vendorWebhookSecretContext(endpoint.id)).sealed,
        previousSecretCiphertext: input.overlapMinutes > 0 ? endpoint.secretCiphertext : null,
        previousSecretExpiresAt: input.overlapMinutes > 0 ? overlapEndsAt : null,
        updatedAt: now,
      })
      .where(eq(vendorWebhookEndpoints.id, endpoint.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "vendor_webhook.secret_rolled",
      subjectType: "vendor_webhook",
      subjectId: endpoint.id,
      reason: input.reason,
      data: { url: endpoint.url, overlapEndsAt: overlapEndsAt.toISOString(), reasonCategory: input.reasonCategory },
    });
    return endpoint.url;
  });
  return { endpointId: input.endpointId, url, secret, oldSecretValidUntil: overlapEndsAt };
}
