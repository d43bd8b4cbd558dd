import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimited } from "@/lib/errors";

/**
 * Sign-in links are cheap to ask for and expensive to receive: limit per address (mailbox
 * flooding) and per client IP (enumeration and spray).
 */
const perEmail = new RateLimiterMemory({ keyPrefix: "signin-email", points: 5, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "signin-ip", points: 30, duration: 15 * 60 });

export async function consumeSignInAttempt({ email, ip }: { email: string; ip: string }): Promise<void> {
  try {
    await Promise.all([perIp.consume(ip), perEmail.consume(email.toLowerCase())]);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}
