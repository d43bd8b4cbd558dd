/**
 * `npm start`: the production server. Client software's API (validate, devices, key exchange, the
 * revocation feed and its stream, the JWKS) is served by its route handlers straight from node:http;
 * every other request goes to Next. The same route.ts exports answer under `next dev` and here, so there is one
 * implementation; what this skips is Next's per-request pipeline, which on a small machine costs
 * more CPU than a validation itself (bench/RESULTS.md, validate-endpoint).
 *
 * Options as `next start`: -p/--port (or PORT, default 3000) and -H/--hostname (or HOSTNAME).
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import * as jwks from "@/app/.well-known/jwks.json/route";
import * as activateDevice from "@/app/api/v1/devices/activate/route";
import * as deactivateDevice from "@/app/api/v1/devices/deactivate/route";
import * as heartbeat from "@/app/api/v1/devices/heartbeat/route";
import * as exchangeKey from "@/app/api/v1/keys/exchange/route";
import * as validate from "@/app/api/v1/licenses/validate/route";
import * as revocations from "@/app/api/v1/revocations/route";
import * as revocationStream from "@/app/api/v1/revocations/stream/route";
import { env, isProduction, logger } from "@/lib/config/server";
import { trustedForwardedFor } from "@/lib/http/client-address";
import { serveFetchHandler, type FetchHandler } from "@/lib/http/node-fetch-bridge";
import { securityHeaders } from "@/lib/http/security-headers";

type RouteModule = Partial<Record<"GET" | "POST", FetchHandler>>;

/** Exact paths only: anything else (a trailing slash, an unknown method) gets Next's own answer. */
const DIRECT_ROUTES = new Map<string, RouteModule>([
  ["/.well-known/jwks.json", jwks],
  ["/api/v1/devices/activate", activateDevice],
  ["/api/v1/devices/deactivate", deactivateDevice],
  ["/api/v1/devices/heartbeat", heartbeat],
  ["/api/v1/keys/exchange", exchangeKey],
  ["/api/v1/licenses/validate", validate],
  ["/api/v1/revocations", revocations],
  ["/api/v1/revocations/stream", revocationStream],
]);

function directHandler(method: string | undefined, url: string | undefined): FetchHandler | undefined {
  const route = DIRECT_ROUTES.get((url ?? "/").split("?", 1)[0]!);
  if (!route) return undefined;
  if (method === "GET" || method === "POST") return route[method];
  // Like Next: HEAD is GET without the body.
  return method === "HEAD" ? route.GET : undefined;
}

const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handleWithNext = app.getRequestHandler();
const directOptions = {
  fallbackOrigin: `http://localhost:${port}`,
  extraHeaders: securityHeaders({ isProduction }),
  onUnexpected: (error: unknown) => logger.error({ err: error }, "API request failed outside its route handler"),
};

const server = createServer((incoming, outgoing) => {
  const forwardedFor = incoming.headers["x-forwarded-for"];
  // Before anything reads it, Next included: per-address limits count what this leaves (lib/http/client-address.ts).
  incoming.headers["x-forwarded-for"] = trustedForwardedFor(Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor, incoming.socket.remoteAddress, { trustedProxyHops: env.REKEY_TRUSTED_PROXY_HOPS });
  const handler = directHandler(incoming.method, incoming.url);
  if (handler) void serveFetchHandler(handler, incoming, outgoing, directOptions);
  else void handleWithNext(incoming, outgoing);
});
server.listen(port, hostname, () => logger.info(`Rekey is serving on http://${hostname}:${port}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // Answers in flight finish; idle keep-alive connections would hold close() open.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
