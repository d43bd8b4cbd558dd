export { verifyStripeEvent } from "./verify-stripe-event";
export { processStripeEvent, STRIPE_EVENT_HANDLERS, type StripeEventResult } from "./process-stripe-event";
export { findStripeWebhookSecrets, getStripeWebhookSecretStatus } from "./stripe-webhook-secrets";
export { saveStripeWebhookSecret } from "./save-stripe-webhook-secret";
export { listStripePriceEditions } from "./stripe-price-editions";
export { mapStripePrice, unmapStripePrice } from "./map-stripe-price";
export { listStripeEvents } from "./list-stripe-events";
export { StripeNotConfigured, StripeSignatureInvalid } from "./stripe-errors";
export type { BillingDeps } from "./stripe-event-handler";
