import type { Db } from "@/lib/db";
import { consumeEach, createRateLimiter } from "@/lib/http/rate-limiter";

/** One subscription request: the address typed into the form, from the client address it came from. */
export type StatusSubscriptionLimiter = (request: { email: string; address: string }) => Promise<void>;

const HOUR_SECONDS = 60 * 60;

/**
 * The public form sends email to any address typed into it: without limits one client had 35
 * confirmation emails sent to 35 addresses. Per client address (5 an hour: a person subscribes a
 * few mailboxes, not dozens) and per email address (one confirmation an hour: a mailbox is not
 * flooded from many addresses), counted in the database like every other limit.
 */
export function createStatusSubscriptionLimiter(db: Db): StatusSubscriptionLimiter {
  const perAddress = createRateLimiter(db, {
    keyPrefix: "status-subscribe-ip",
    points: 5,
    durationSeconds: HOUR_SECONDS,
  });
  const perEmail = createRateLimiter(db, {
    keyPrefix: "status-subscribe-email",
    points: 1,
    durationSeconds: HOUR_SECONDS,
  });
  return ({ email, address }) =>
    consumeEach([
      { limiter: perAddress, key: address, refusal: "Too many subscription requests from your network." },
      {
        limiter: perEmail,
        key: email,
        refusal:
          "We already sent a confirmation link to this address within the hour; please check your inbox and spam folder.",
      },
    ]);
}
