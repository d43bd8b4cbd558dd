import { expect, type Page, type Request } from "@playwright/test";

/** How long a page must make no request to count as settled. */
const QUIET_MS = 500;

/**
 * Resolves once `page` has had no request in flight for QUIET_MS, counted from its own request
 * events: what the page fetches after loading (its live queries) is in before the checks run. An
 * event stream stays open for the page's life and is not counted. Playwright's `networkidle` hung
 * until the test timed out on a page or two per run once links stopped prefetching, with every
 * request of those pages finished in the trace.
 *
 * Call it before the page navigates; await what it returns when the page should be settled.
 */
export function untilRequestsQuiet(page: Page): () => Promise<void> {
  const inFlight = new Set<Request>();
  let lastChangeAt = Date.now();
  page.on("request", (request) => {
    if (request.resourceType() === "eventsource") return;
    inFlight.add(request);
    lastChangeAt = Date.now();
  });
  const settled = (request: Request) => {
    if (inFlight.delete(request)) lastChangeAt = Date.now();
  };
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);
  return () =>
    expect
      .poll(() => (inFlight.size === 0 ? Date.now() - lastChangeAt >= QUIET_MS : [...inFlight].map((r) => r.url())), {
        message: "requests still in flight",
        intervals: [100],
        timeout: 30_000,
      })
      .toBe(true);
}
