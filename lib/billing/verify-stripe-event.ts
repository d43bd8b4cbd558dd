import Stripe from "stripe";
import type { StripeEventEnvelope } from "./stripe-event-shapes";
import { StripeNotConfigured, StripeSignatureInvalid } from "./stripe-errors";

/**
 * Checks the `Stripe-Signature` header over the raw body with the stripe package's own verifier
 * (HMAC-SHA256, constant-time, 5-minute tolerance against `now`), trying each configured secret so
 * a secret can be rolled: Stripe signs with both while a roll overlaps.
 */
export function verifyStripeEvent({
  payload,
  signature,
  secrets,
  now,
}: {
  payload: string;
  signature: string | null;
  secrets: readonly string[];
  now: Date;
}): StripeEventEnvelope {
  if (secrets.length === 0) throw new StripeNotConfigured("Stripe webhooks are not set up on this Rekey.");
  if (!signature) throw new StripeSignatureInvalid("The Stripe-Signature header is missing.");
  for (const secret of secrets) {
    try {
      const event = Stripe.webhooks.constructEvent(payload, signature, secret, undefined, undefined, now.getTime());
      if (
        typeof event.id === "string" &&
        typeof event.type === "string" &&
        event.data &&
        typeof event.data === "object"
      )
        return event as StripeEventEnvelope;
    } catch {
      // The next secret may verify it; the refusal below names no secret and no cause.
    }
  }
  throw new StripeSignatureInvalid(
    "The Stripe-Signature header does not verify against the configured signing secret.",
  );
}
