import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { appServices } from "@/lib/config/server";
import { RateLimited } from "@/lib/errors";
import { domainErrorResponse } from "@/lib/http/problem";

export const GET = handlers.GET;

/** Auth.js's own sign-in endpoint gets the same per-email and per-IP limits as the sign-in page. */
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/signin/resend")) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "")
      .trim()
      .toLowerCase();
    try {
      await appServices().consumeSignInAttempt({ email, ip: appServices().clientIp(request.headers) });
    } catch (error) {
      if (error instanceof RateLimited) return domainErrorResponse(error, request.nextUrl.pathname);
      throw error;
    }
  }
  return handlers.POST(request);
}
