/**
 * Headers for every response, whichever server answers it: next.config.ts gives them to the pages
 * and routes Next serves, scripts/serve.ts to the API routes it serves itself. The CSP is per
 * request (nonce) and set in proxy.ts.
 */
export function securityHeaders({ isProduction }: { isProduction: boolean }): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(isProduction
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }]
      : []),
  ];
}
