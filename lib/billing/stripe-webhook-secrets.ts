import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import type { Executor } from "@/lib/db";
import { stripeSettings } from "@/lib/db/schema";

/** AAD of the sealed secret (lib/crypto/sealed.ts): a ciphertext copied to another purpose does not open. */
export const STRIPE_WEBHOOK_SECRET_CONTEXT = "stripe:webhook-secret";

/**
 * The signing secrets an incoming event may verify against: REKEY_STRIPE_WEBHOOK_SECRET and the one
 * an admin saved (Admin → Billing). Both count, so a secret is rolled by saving the new one first.
 */
export async function findStripeWebhookSecrets(
  db: Executor,
  { ring, environmentSecret }: { ring: MasterKeyRing; environmentSecret?: string },
): Promise<string[]> {
  const [row] = await db.select({ sealed: stripeSettings.webhookSecretCiphertext }).from(stripeSettings);
  return [
    ...(environmentSecret ? [environmentSecret] : []),
    ...(row ? [openSecret(ring, row.sealed, STRIPE_WEBHOOK_SECRET_CONTEXT)] : []),
  ];
}

/** Whether an admin saved a secret, and when: the page shows this, never the secret. */
export async function getStripeWebhookSecretStatus(db: Executor) {
  const [row] = await db.select({ updatedAt: stripeSettings.updatedAt }).from(stripeSettings);
  return { savedAt: row?.updatedAt ?? null };
}
