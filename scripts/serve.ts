/**
 * `npm start`: the production server. Client software's API (validate, devices, key exchange, the
 * revocation feed and its stream, the JWKS, release downloads) is served by its route handlers straight from node:http;
 * every other request goes to Next. The handlers are the ones `next build` compiled, taken from the
 * build Next itself loads, so they share Next's module instances and the process's one wiring
 * object: one implementation and one module graph (under `next dev`, Next serves the same handlers
 * itself). What this skips is Next's per-request pipeline, which on a small machine costs more CPU than a validation
 * itself (bench/RESULTS.md, validate-endpoint).
 *
 * Options as `next start`: -p/--port (or PORT, default 3000) and -H/--hostname (or HOSTNAME).
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { trustedForwardedFor } from "@/lib/http/client-address";
import { serveFetchHandler, type FetchHandler } from "@/lib/http/node-fetch-bridge";
import { securityHeaders } from "@/lib/http/security-headers";
import { printStartupFailure } from "@/lib/config/startup-failure";
import { checkStartup, wireProcess } from "@/lib/wiring";

type RouteModule = Partial<Record<"GET" | "POST", FetchHandler>>;

/** Exact paths only: anything else (a trailing slash, an unknown method) gets Next's own answer. */
const DIRECT_PATHS = [
  "/.well-known/jwks.json",
  "/api/v1/devices/activate",
  "/api/v1/devices/deactivate",
  "/api/v1/devices/heartbeat",
  "/api/v1/keys/exchange",
  "/api/v1/licenses/validate",
  "/api/v1/revocations",
  "/api/v1/revocations/stream",
  // Next drops a route handler's Content-Length (next/dist/server/send-response.js), so a download
  // through it has no size: no progress, and nothing for a resuming client to check against.
  "/api/v1/releases/download",
];

/** A route's handlers as built: `.next/server/app/<path>/route.js` exports Next's route module, whose `userland` is the route.ts exports. */
function builtRoute(requireBuilt: NodeJS.Require, routePath: string): RouteModule {
  return (requireBuilt(`.${routePath}/route.js`) as { routeModule: { userland: RouteModule } }).routeModule.userland;
}

function directHandler(
  routes: Map<string, RouteModule>,
  method: string | undefined,
  url: string | undefined,
): FetchHandler | undefined {
  const route = routes.get((url ?? "/").split("?", 1)[0]!);
  if (!route) return undefined;
  if (method === "GET" || method === "POST") return route[method];
  // Like Next: HEAD is GET without the body.
  return method === "HEAD" ? route.GET : undefined;
}

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";

/**
 * Built before Next loads any app code, so every copy of it (route handlers, pages, instrumentation)
 * finds this one, and checked before the server listens: "serving on" is said only once start-up
 * has succeeded, and a mistake in the configuration is one line naming the setting (issue 16, item 13).
 */
async function startServices() {
  try {
    const services = wireProcess();
    await checkStartup(services);
    return services;
  } catch (error) {
    printStartupFailure(error, { DATABASE_URL: process.env.DATABASE_URL });
    process.exit(1);
  }
}

const { env, isProduction, logger } = await startServices();
const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handleWithNext = app.getRequestHandler();
const requireBuilt = createRequire(path.join(process.cwd(), ".next", "server", "app", "/"));
const directRoutes = new Map(DIRECT_PATHS.map((routePath) => [routePath, builtRoute(requireBuilt, routePath)]));
const directOptions = {
  fallbackOrigin: `http://localhost:${port}`,
  extraHeaders: securityHeaders({ isProduction }),
  onUnexpected: (error: unknown) => logger.error({ err: error }, "API request failed outside its route handler"),
};

const server = createServer((incoming, outgoing) => {
  const forwardedFor = incoming.headers["x-forwarded-for"];
  // Before anything reads it, Next included: per-address limits count what this leaves (lib/http/client-address.ts).
  incoming.headers["x-forwarded-for"] = trustedForwardedFor(
    Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor,
    incoming.socket.remoteAddress,
    { trustedProxyHops: env.REKEY_TRUSTED_PROXY_HOPS },
  );
  const handler = directHandler(directRoutes, incoming.method, incoming.url);
  if (handler) void serveFetchHandler(handler, incoming, outgoing, directOptions);
  else void handleWithNext(incoming, outgoing);
});
server.once("error", (error) => {
  printStartupFailure(error);
  process.exit(1);
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
