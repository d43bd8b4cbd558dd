import { appServices } from "@/lib/config/server";
import { findStripeWebhookSecrets, processStripeEvent, verifyStripeEvent } from "@/lib/billing";
import { InvalidInput } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/** Stripe's events are a few kilobytes; a body this large is not one (and is never read whole). */
const MAX_EVENT_BYTES = 512 * 1024;

/**
 * POST /api/webhooks/stripe — purchases from Stripe (lib/billing). The signature is checked over the
 * raw body before anything is parsed or looked up; the event is then applied once per event id.
 * 200: applied, ignored or already seen. 400 STRIPE_SIGNATURE_INVALID: nothing read or changed.
 * 422 with the refusal's code (STRIPE_PRICE_UNMAPPED, …): recorded, and Stripe redelivers it.
 */
export const POST = handleJsonRoute(
  async (request) => {
    const payload = await readBoundedText(request);
    const now = new Date();
    const db = await appServices().db();
    const secrets = appServices().keySecrets();
    const webhookSecrets = await findStripeWebhookSecrets(db, {
      ring: secrets.ring,
      environmentSecret: appServices().env.REKEY_STRIPE_WEBHOOK_SECRET,
    });
    const event = verifyStripeEvent({
      payload,
      signature: request.headers.get("stripe-signature"),
      secrets: webhookSecrets,
      now,
    });
    const result = await processStripeEvent(db, event, { now, secrets, ...appServices().noticeDeps() });
    if (result.outcome === "refused") {
      appServices().logger.warn({ stripeEvent: event.id, type: event.type, code: result.code }, "stripe event refused");
      return problemResponse({
        title: "Event not applied",
        status: 422,
        code: result.code,
        detail: result.message,
        instance: "/api/webhooks/stripe",
      });
    }
    return Response.json(
      { received: true, outcome: result.outcome, code: result.code },
      { headers: { "cache-control": "no-store" } },
    );
  },
  (error) => appServices().logger.error({ err: error }, "stripe webhook failed"),
);

async function readBoundedText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () =>
    new InvalidInput("The request body is too large for a Stripe event.", {
      body: [`At most ${MAX_EVENT_BYTES} bytes.`],
    });
  if (declared > MAX_EVENT_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_EVENT_BYTES) throw tooLarge();
  return text;
}
