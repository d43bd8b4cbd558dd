import { request as httpRequest } from "node:http";
import { expect, type APIResponse, type BrowserContext, type Response } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";

/**
 * Checks on what the server answers, shared by the page sweep (every page) and the specs that
 * look at one flow (sign-in, the API).
 */

export function expectSecurityHeaders(response: Response | APIResponse, label: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"], label).toContain("max-age=");
  expect(headers["x-powered-by"], label).toBeUndefined();
}

/**
 * Issue 24, finding 1: the sign-in action built the magic link from Host / X-Forwarded-Host, so a
 * forged header put an attacker's address into a genuine sign-in email. A context passed here has
 * every request its pages make replayed with both headers (and Origin and Referer, which an
 * attacker sending the request directly controls too) forged; no answer may carry the forged host.
 */
export const FORGED_HOST = "evil.example";

/** Where Next serves the build's immutable files (hashed names, `Cache-Control: immutable`). */
const STATIC_BUILD_FILES = "/_next/static/";

/** Framing of the replayed answer, not part of it: fulfil sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

export interface ForgedHostLog {
  /** Every Location header answered to a forged request, for expectOnPortal. */
  locations: string[];
}

/** Sends the browser's requests from node:http, which lets Host be anything, and hands back the answers unchanged. */
export async function forgeHostHeaders(context: BrowserContext, seen: ForgedHostLog): Promise<void> {
  await context.route(`${e2eBaseUrl}/**`, async (route) => {
    const sent = route.request();
    // The build's static files are bytes written by `next build`, before any request: no header can
    // reach them. They go to the server as sent, instead of each page's megabytes of scripts being
    // fetched again by this process, uncompressed, and scanned (issue 23).
    if (new URL(sent.url()).pathname.startsWith(STATIC_BUILD_FILES)) return route.fallback();
    // An event stream never ends, so it cannot be buffered and replayed; its headers come from the same config.
    if ((await sent.headerValue("accept"))?.includes("text/event-stream")) return route.continue();
    const url = new URL(sent.url());
    // identity: the body is checked, and handed back, as the bytes the page was rendered to.
    const headers: Record<string, string> = {
      ...(await sent.allHeaders()),
      host: FORGED_HOST,
      "x-forwarded-host": FORGED_HOST,
      "accept-encoding": "identity",
    };
    if (headers.origin) headers.origin = `http://${FORGED_HOST}`;
    if (headers.referer) headers.referer = `http://${FORGED_HOST}${new URL(headers.referer).pathname}`;
    const answer = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          { host: "localhost", port: url.port, path: `${url.pathname}${url.search}`, method: sent.method(), headers },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
            incoming.on("end", () => {
              const flat: Record<string, string> = {};
              for (const [name, value] of Object.entries(incoming.headers)) {
                if (value === undefined || HOP_BY_HOP.has(name)) continue;
                flat[name] = Array.isArray(value) ? value.join("\n") : value;
              }
              resolve({ status: incoming.statusCode ?? 500, headers: flat, body: Buffer.concat(chunks) });
            });
          },
        );
        outgoing.on("error", reject);
        outgoing.end(sent.postDataBuffer() ?? undefined);
      },
    );
    if (answer.headers.location) seen.locations.push(answer.headers.location);
    expect(
      answer.body.toString("latin1"),
      `${sent.method()} ${url.pathname} answered with the forged host`,
    ).not.toContain(FORGED_HOST);
    // The page may be gone by the time a late prefetch is answered; nothing is left to hand it to.
    await route.fulfill(answer).catch(() => undefined);
  });
}

/** A redirect may be relative (the browser keeps the portal's origin) or absolute on REKEY_PUBLIC_URL. */
export function expectOnPortal(locations: string[]) {
  for (const location of locations) {
    if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(location)) continue;
    expect(`${new URL(location).origin}/`, location).toBe(`${e2eBaseUrl}/`);
  }
}
