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
 * Call it before the page navigates; await what it returns when the page should be settled, and
 * call its `stop` when the page lives on past the test (the page sweep reuses its pages).
 */
export function untilRequestsQuiet(page: Page): (() => Promise<void>) & { stop: () => void } {
  const inFlight = new Set<Request>();
  let lastChangeAt = Date.now();
  const started = (request: Request) => {
    if (request.resourceType() === "eventsource") return;
    inFlight.add(request);
    lastChangeAt = Date.now();
  };
  const settled = (request: Request) => {
    if (inFlight.delete(request)) lastChangeAt = Date.now();
  };
  page.on("request", started);
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);
  const untilQuiet = () =>
    expect
      .poll(() => (inFlight.size === 0 ? Date.now() - lastChangeAt >= QUIET_MS : [...inFlight].map((r) => r.url())), {
        message: "requests still in flight",
        intervals: [100],
        timeout: 30_000,
      })
      .toBe(true);
  return Object.assign(untilQuiet, {
    stop: () => {
      page.off("request", started);
      page.off("requestfinished", settled);
      page.off("requestfailed", settled);
    },
  });
}
