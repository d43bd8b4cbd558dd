import { NextResponse, type NextRequest } from "next/server";
import { parseEnv, publicOrigin } from "@/lib/config/env";

/**
 * Runs before every page: sets a per-request CSP nonce and keeps signed-out visitors out of the
 * portal and admin. The cookie check here is only the fast path; layouts verify the session
 * against the database, so a forged cookie gets no further than a redirect.
 */
const PUBLIC_PREFIXES = [
  "/signin",
  "/invitations",
  "/api/auth",
  "/api/health",
  "/api/v1",
  "/.well-known",
  "/dev/mailbox",
  "/status",
  "/help",
  "/docs",
  "/channels/verify",
  "/metrics",
];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
/** Redirects go to REKEY_PUBLIC_URL: `request.url` is built from the Host header, which the client chooses. */
const portalOrigin = publicOrigin(parseEnv(process.env));

export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Tailwind output is a stylesheet, but React sets style attributes (e.g. meter widths).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isPublic && !hasSession) {
    const signIn = new URL("/signin", portalOrigin);
    if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // The public JSON API, health, metrics (bearer token, checked by the route) and JWKS need neither
  // a session nor a CSP nonce; skipping the proxy there saves most of a millisecond per validation
  // (bench/RESULTS.md).
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|robots.txt|api/v1/|api/health|metrics$|\\.well-known/).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
