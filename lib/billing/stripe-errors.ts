import { DomainError, PolicyViolation } from "@/lib/errors";

/** RFC 9457 answer to a request whose `Stripe-Signature` does not verify: nothing is read or changed. */
export class StripeSignatureInvalid extends DomainError {
  readonly code = "STRIPE_SIGNATURE_INVALID";
  readonly status = 400;
}

/** No signing secret in REKEY_STRIPE_WEBHOOK_SECRET nor in Admin → Billing: the endpoint is not set up. */
export class StripeNotConfigured extends DomainError {
  readonly code = "STRIPE_NOT_CONFIGURED";
  readonly status = 404;
}

/**
 * A verified event Rekey cannot apply as it stands (a price with no edition, no email to invite):
 * recorded as `refused`, answered 422 so Stripe redelivers it, and applied then if the vendor has
 * fixed the cause meanwhile (Admin → Billing).
 */
export class StripeEventRefused extends PolicyViolation {
  constructor(
    readonly code:
      | "STRIPE_PRICE_UNMAPPED"
      | "STRIPE_PRICE_MISSING"
      | "STRIPE_EMAIL_MISSING"
      | "STRIPE_EVENT_UNREADABLE",
    userMessage: string,
  ) {
    super(userMessage);
  }
}
