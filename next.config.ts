import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
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
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders({ isProduction: process.env.NODE_ENV === "production" }) }];
  },
};

export default nextConfig;
