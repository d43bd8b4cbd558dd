import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AxeBuilder from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  expect,
  type Page,
  type Request,
  type Response,
  test,
} from "@playwright/test";
import { writeReport } from "../testing/reports";
import { e2eBaseUrl } from "./base-url";
import { contextFor, pagesToSweep, type SweptPage, urlFor } from "./page-sweep";
import { untilRequestsQuiet } from "./requests-quiet";
import { expectOnPortal, expectSecurityHeaders, type ForgedHostLog, forgeHostHeaders } from "./response-checks";

/**
 * Every page of the app tree, visited once in a browser in Asia/Kolkata (playwright.config.ts:
 * not the server's zone, and half an hour off), checked at a 1280 px desktop's width and then
 * resized to a 390 px phone's, with every check that concerns a whole page run on that one visit
 * (issue 23: a page is rendered once, not once per check or per screen):
 * - issue 16 items 1, 2 and 12: nothing on the page errs in the console (hydration errors #418
 *   when server and browser format a time differently, CSP refusals of script chunks), no request
 *   fails, nothing scrolls sideways, and every button and menu item can be brought on screen;
 * - axe finds no serious or critical WCAG 2.1 AA violation (pages no one is shipped excepted);
 * - the security headers and a CSP with frame-ancestors 'none', and every cookie HttpOnly and
 *   SameSite;
 * - issue 24 finding 1: every request the page makes is sent with Host and X-Forwarded-Host (and
 *   Origin, Referer) forged, and no redirect, page body or subresource carries the forged host.
 *   The other checks run on what the forged requests were answered, which is the same page when
 *   the app never builds a URL from a request header.
 * The pages only read, so they run in parallel with each other and with every other spec.
 */
test.describe.configure({ mode: "parallel" });

/** Playwright's default viewport, which the sweep's contexts open at unless the project sets one. */
const DESKTOP = { width: 1280, height: 720 };

/**
 * The widths every page is checked at: the context's 1280 px desktop, then the same page resized to
 * a 390 px phone (issue 16 item 12), as a window narrowed or a tablet turned does; media queries and
 * layout follow the new width without a second render by the server. Not Chromium's mobile
 * emulation: it zooms a page wider than the screen out to fit, so `innerWidth` grew with the page
 * and three pages 453–775 px wide passed the sideways-scrolling check there.
 */
const SCREENS: { name: string; viewport?: { width: number; height: number } }[] = [
  { name: "desktop" },
  { name: "390 px phone", viewport: { width: 390, height: 844 } },
];

/** Pages no customer or staff member ever sees, with why: axe does not scan them. */
const NOT_SHIPPED: Record<string, string> = {
  "/dev/mailbox":
    "development-only outbox viewer, 404 in production; its email previews are sandboxed iframes axe cannot enter",
  "/dev/mailbox/templates":
    "development-only template previews, 404 in production; each preview is a sandboxed iframe axe cannot enter",
};

/** This worker's share of the figures (docs/RELIABILITY.md); each worker writes the pages it swept. */
const figures = { pagesSwept: 0, axePagesScanned: 0, seriousOrCritical: 0, minorOrModerate: 0, cookiesChecked: 0 };
test.afterAll(() =>
  writeReport("page-sweep-e2e", figures, `e2e-${test.info().project.name}-${test.info().parallelIndex}`),
);

/** What a person cannot reach: buttons and menu links left, right or wider than the screen, even after scrolling to them. */
async function unreachableControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        "main button, main a[href], main input:not([type=hidden]), main select, header nav a[href], header button",
      ),
    ];
    return controls
      .filter(
        (control) => control.getClientRects().length > 0 && !control.closest("dialog:not([open]), details:not([open])"),
      )
      .flatMap((control) => {
        control.scrollIntoView({ block: "nearest", inline: "nearest" });
        const box = control.getBoundingClientRect();
        return box.left < -1 || box.right > window.innerWidth + 1
          ? [
              `${control.tagName.toLowerCase()} "${(control.textContent ?? control.getAttribute("aria-label") ?? "").trim().slice(0, 40)}" at ${Math.round(box.left)}–${Math.round(box.right)} px`,
            ]
          : [];
      });
  });
}

/** The axe-core AxeBuilder depends on, minified: its own copy is the 1.3 MB unminified one. */
const AXE_SOURCE = readFileSync(
  createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"),
  "utf8",
);
/** Handed to AxeBuilder as its axe source: the page already has axe. */
const AXE_ALREADY_LOADED = "/* axe-core was loaded into this page once, by seriousAxeViolations */";

async function seriousAxeViolations(page: Page, label: string): Promise<string[]> {
  // AxeBuilder evaluates axe's source twice on every analyze; a page checked at two widths compiled
  // it four times. Loaded once per page, the sweep's Chromium took 131 CPU-s instead of
  // 186 (issue 23). The page keeps it across the resize: no navigation happens in between.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const { violations } = await new AxeBuilder({ page, axeSource: AXE_ALREADY_LOADED })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Only violations are read: passes and the rest are not sent back with every node described.
    .options({ resultTypes: ["violations"] })
    // axe.run in the page itself. The default runs axe in each frame and then finishes in a blank
    // page it opens and loads axe into again, which only cross-origin frames need, and the app has
    // none: 27 pages cost Chromium 63 CPU-s of axe that way, 40 this way (issue 23).
    .setLegacyMode()
    .analyze();
  const found: string[] = [];
  for (const violation of violations) {
    if (violation.impact === "serious" || violation.impact === "critical") {
      figures.seriousOrCritical++;
      found.push(
        `${label}: ${violation.id} [${violation.impact}] ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
      );
    } else figures.minorOrModerate++;
  }
  figures.axePagesScanned++;
  return found;
}

/**
 * One context per person per worker, and one page in it for all that person's visits: the pages
 * only read, the context's cookies and the forged-Host replay (forgeHostHeaders) are set up once per
 * person, and a page that navigates on keeps its renderer, whose compiled scripts the next visit
 * reuses. A new page per visit started a renderer each time: about half a CPU-second of Chromium
 * per page before the page itself (issue 23).
 */
const sweepContexts = new Map<string, Promise<{ context: BrowserContext; forged: ForgedHostLog; page?: Page }>>();
async function sweepPage(browser: Browser, who: SweptPage["who"]) {
  const key = who ?? "signed out";
  let made = sweepContexts.get(key);
  if (!made) {
    made = (async () => {
      const context = await contextFor(browser, who);
      const forged: ForgedHostLog = { locations: [] };
      await forgeHostHeaders(context, forged);
      return { context, forged };
    })();
    sweepContexts.set(key, made);
  }
  const swept = await made;
  // A page a failed visit left behind may be closed or crashed; the last visit left it a phone's width.
  if (!swept.page || swept.page.isClosed()) swept.page = await swept.context.newPage();
  else await swept.page.setViewportSize(test.info().project.use.viewport ?? DESKTOP);
  return { ...swept, page: swept.page };
}
test.afterAll(async () => {
  for (const made of sweepContexts.values()) await (await made).context.close();
});

for (const { route, who } of pagesToSweep()) {
  test(`${route.pattern} (${who ?? "signed out"}) renders without errors or sideways scrolling on a desktop and a phone, passes axe, sends the security headers and never shows a forged host`, async ({
    browser,
  }) => {
    test.setTimeout(120_000); // a full render of the page, axe's analysis at two widths, and the phone's menu opened
    const { context, forged, page } = await sweepPage(browser, who);
    forged.locations.length = 0;
    const requestsQuiet = untilRequestsQuiet(page);
    // The page lives on for this person's next visit: this visit's listeners go with the visit.
    try {
      await visitAndCheck({ page, context, forged, route, who, requestsQuiet });
    } finally {
      requestsQuiet.stop();
    }
  });
}

/** One visit and its checks, with listeners that collect what went wrong while the page is this visit's. */
async function visitAndCheck({
  page,
  context,
  forged,
  route,
  who,
  requestsQuiet,
}: {
  page: Page;
  context: BrowserContext;
  forged: ForgedHostLog;
  route: SweptPage["route"];
  who: SweptPage["who"];
  requestsQuiet: () => Promise<void>;
}) {
  const url = await urlFor(page, route);
  const problems: string[] = [];
  // A page that answers 403/404 by design (an admin-only page for support, a dev page in
  // production) has the browser log its own status; its subresources still count.
  const refusedDocuments = new Set<string>();
  const onPageError = (error: Error) => problems.push(`page error: ${error.message}`);
  const onConsole = (message: ConsoleMessage) => {
    const isDocumentStatus =
      message.text().startsWith("Failed to load resource") && refusedDocuments.has(message.location().url);
    // The dev mailbox previews emails in sandboxed srcdoc frames: their scripts are refused on purpose.
    const isSandboxedPreview = message.location().url === "about:srcdoc";
    if (message.type() === "error" && !isDocumentStatus && !isSandboxedPreview)
      problems.push(`console: ${message.text()} (${message.location().url})`);
  };
  const onRequestFailed = (request: Request) => {
    // Navigating away cancels in-flight prefetches; that is not a failure of the page.
    if (request.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  };
  const onResponse = (response: Response) => {
    if (response.status() < 400) return;
    if (response.request().isNavigationRequest()) refusedDocuments.add(response.url());
    else problems.push(`response ${response.status()}: ${response.url()}`);
  };
  page.on("pageerror", onPageError);
  page.on("console", onConsole);
  page.on("requestfailed", onRequestFailed);
  page.on("response", onResponse);
  try {
    await checkPage({ page, context, forged, route, url, who, problems, requestsQuiet });
  } finally {
    page.off("pageerror", onPageError);
    page.off("console", onConsole);
    page.off("requestfailed", onRequestFailed);
    page.off("response", onResponse);
  }
}

/** One visit's checks, on a page whose listeners collect `problems`. */
async function checkPage({
  page,
  context,
  forged,
  route,
  url,
  who,
  problems,
  requestsQuiet,
}: {
  page: Page;
  context: BrowserContext;
  forged: ForgedHostLog;
  route: SweptPage["route"];
  url: string;
  who: SweptPage["who"];
  problems: string[];
  requestsQuiet: () => Promise<void>;
}) {
  const label = `${url} (${who ?? "signed out"})`;
  const response = await page.goto(url);
  expect(response, url).not.toBeNull();
  expect(response!.status(), url).toBeLessThan(500);
  expect(new URL(page.url()).origin, url).toBe(e2eBaseUrl);
  expectSecurityHeaders(response!, url);
  expect(response!.headers()["content-security-policy"], url).toContain("frame-ancestors 'none'");
  await requestsQuiet();

  const axeFindings: string[] = [];
  for (const screen of SCREENS) {
    if (screen.viewport) {
      await page.setViewportSize(screen.viewport);
      // The resized layout is there once the next frame has been drawn.
      await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(drawn)));
    }
    const where = `${url} on a ${screen.name}`;
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `${where} is ${scrollWidth} px wide on a ${innerWidth} px screen`).toBeLessThanOrEqual(
      innerWidth,
    );
    expect(await unreachableControls(page), where).toEqual([]);
    // axe reads the page as it loaded, before the menu is opened below.
    if (!NOT_SHIPPED[route.pattern])
      axeFindings.push(...(await seriousAxeViolations(page, `${label} on a ${screen.name}`)));
  }

  // Only a phone's width shows the menu button.
  const menu = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) {
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    expect(await unreachableControls(page), `${url} with the menu open`).toEqual([]);
  }

  for (const cookie of await context.cookies()) {
    expect(cookie.httpOnly, `${cookie.name} on ${url}`).toBe(true);
    expect(["Lax", "Strict"], `${cookie.name} on ${url}`).toContain(cookie.sameSite);
    figures.cookiesChecked++;
  }
  expect(problems, url).toEqual([]);
  expect(axeFindings).toEqual([]);
  expectOnPortal(forged.locations);
  figures.pagesSwept++;
}
