import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { stripeSettings } from "@/lib/db/schema";
import type { SaveStripeWebhookSecretInput } from "@/lib/validations/billing";
import { STRIPE_WEBHOOK_SECRET_CONTEXT } from "./stripe-webhook-secrets";

/** An admin saves the endpoint's signing secret from Stripe's dashboard; it is stored sealed and never shown again. */
export async function saveStripeWebhookSecret(
  ctx: StaffCtx,
  input: SaveStripeWebhookSecretInput,
  { ring }: { ring: MasterKeyRing },
) {
  const now = ctx.now();
  const { sealed } = sealSecret(ring, input.webhookSecret, STRIPE_WEBHOOK_SECRET_CONTEXT);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(stripeSettings)
      .values({ id: 1, webhookSecretCiphertext: sealed, updatedAt: now })
      .onConflictDoUpdate({ target: stripeSettings.id, set: { webhookSecretCiphertext: sealed, updatedAt: now } });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "billing.stripe_secret_saved",
      subjectType: "stripe_settings",
      subjectId: "webhook_secret",
      reason: input.reason,
      data: { secretSuffix: input.webhookSecret.slice(-4), reasonCategory: input.reasonCategory },
    });
  });
  return { savedAt: now };
}
