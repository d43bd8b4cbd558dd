import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import { NotFound } from "@/lib/errors";
import { DeliveryFailed } from "@/lib/net";

export type VendorEndpoint = typeof vendorWebhookEndpoints.$inferSelect;

/** Sealing context: a secret copied onto another endpoint's row does not open there. */
export const vendorWebhookSecretContext = (endpointId: string) => `vendor-webhook-secret:${endpointId}`;

export async function findVendorEndpoint(
  db: Executor,
  endpointId: string,
  { forUpdate = false } = {},
): Promise<VendorEndpoint> {
  const query = db.select().from(vendorWebhookEndpoints).where(eq(vendorWebhookEndpoints.id, endpointId));
  const [endpoint] = forUpdate ? await query.for("update") : await query;
  if (!endpoint) throw new NotFound("Webhook endpoint not found.");
  return endpoint;
}

/**
 * The secrets that sign a message now: the current one, and during a roll's overlap the previous
 * one too, so a receiver still holding the old secret keeps verifying until it switches.
 */
export function signingSecrets(ring: MasterKeyRing, endpoint: VendorEndpoint, now: Date): string[] {
  const context = vendorWebhookSecretContext(endpoint.id);
  const current = openSecret(ring, endpoint.secretCiphertext, context);
  const isOverlapping =
    endpoint.previousSecretCiphertext !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now;
  return isOverlapping ? [current, openSecret(ring, endpoint.previousSecretCiphertext!, context)] : [current];
}

/** Where the worker sends a vendor endpoint's queued event; a disabled endpoint waits (retried, visible in its deliveries). */
export async function findVendorWebhookTarget(
  db: Executor,
  { endpointId, ring, now }: { endpointId: string; ring: MasterKeyRing; now: Date },
) {
  const endpoint = await findVendorEndpoint(db, endpointId);
  if (endpoint.disabledAt) throw new DeliveryFailed("The endpoint is disabled.", "vendor endpoint disabled");
  return {
    url: endpoint.url,
    secrets: signingSecrets(ring, endpoint, now),
    logFields: { vendorEndpointId: endpoint.id },
  };
}
