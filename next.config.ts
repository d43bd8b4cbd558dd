import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // rate-limiter-flexible loads drizzle-orm with a computed import() that a bundler cannot follow.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "rate-limiter-flexible"],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders({ isProduction: process.env.NODE_ENV === "production" }) }];
  },
};

export default nextConfig;
