import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig = (phase: string): NextConfig => ({
  // rate-limiter-flexible loads drizzle-orm with a computed import() that a bundler cannot follow.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "rate-limiter-flexible"],
  poweredByHeader: false,
  // `next dev` refuses its own scripts to a page opened from another host name than it expects, so
  // every button silently did nothing at http://127.0.0.1:PORT (issue 16, item 13).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  experimental: {
    authInterrupts: true,
    // A CI run builds a clean clone once: writing Turbopack's cache for a next build that never
    // comes took a quarter of the build's CPU (160 CPU-s with it, 122 without; issue 23). Local
    // builds keep it, and rebuild from it.
    turbopackFileSystemCacheForBuild: !process.env.CI,
    // No source maps of the server bundle in a production build: the server never reads them (its
    // logged stacks point into .next/server/chunks either way), and writing them took a fifth of
    // the build's CPU, 196 of its 246 MB (issue 23: 160 CPU-s and 85 s with them, 125 and 68 s
    // without). Development keeps them for the error overlay and the debugger.
    turbopackSourceMaps: phase !== PHASE_PRODUCTION_BUILD,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders({ isProduction: process.env.NODE_ENV === "production" }) }];
  },
});

export default nextConfig;
