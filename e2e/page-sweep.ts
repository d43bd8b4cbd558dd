import { readFileSync } from "node:fs";
import {
  expect,
  test,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import { listPages, type AppRoute } from "../testing/route-tree";
import { e2eBaseUrl } from "./base-url";
import { authFile, type USERS } from "./fixtures";

/**
 * Every page in `app/` with who may open it and a URL for it, for sweeps that must cover pages
 * added later (headers, accessibility). Dynamic segments are filled from the signed-in customer's
 * own data; an unknown segment fails the sweep by name.
 */
export interface SweptPage {
  route: AppRoute;
  who: keyof typeof USERS | null;
}

const SWEEP_ORDER = ["alice", null, "support", "admin"] as const;

/** Alice's pages first: the ids other pages borrow (a license for the admin license page) come from hers. */
export function pagesToSweep(): SweptPage[] {
  return listPages()
    .map(
      (route): SweptPage => ({
        route,
        who: route.pattern.startsWith("/admin") ? "support" : route.file.startsWith("app/(portal)/") ? "alice" : null,
      }),
    )
    .concat(
      // The admin's menu is the longest (every admin-only page): swept once as an admin, so it fits
      // and stays reachable at 390 px too (issue 16 item 6).
      listPages()
        .filter((route) => route.pattern === "/admin")
        .map((route): SweptPage => ({ route, who: "admin" })),
    )
    .sort((a, b) => SWEEP_ORDER.indexOf(a.who as never) - SWEEP_ORDER.indexOf(b.who as never));
}

/**
 * A browser context signed in as `who` (or signed out), for one sweep, with the running project's
 * screen and time zone (playwright.config.ts): a context made with `browser.newContext` gets none
 * of the project's `use` options by itself.
 */
export async function contextFor(browser: Browser, who: SweptPage["who"]): Promise<BrowserContext> {
  const { viewport, isMobile, hasTouch, deviceScaleFactor, timezoneId } = test.info().project.use;
  const device: BrowserContextOptions = { viewport, isMobile, hasTouch, deviceScaleFactor, timezoneId };
  return browser.newContext(who ? { ...device, storageState: authFile(who) } : device);
}

let aliceLicensePath: string | undefined;

/**
 * Alice's first license, read the way she would find it: from her overview table, in a context of
 * her own (the sweep may be signed in as someone else, and a failed test restarts the worker and
 * empties the cache).
 */
async function aliceLicense(page: Page): Promise<string> {
  if (aliceLicensePath) return aliceLicensePath;
  const context = await contextFor(page.context().browser()!, "alice");
  try {
    const overview = await context.newPage();
    await overview.goto("/");
    const href = await overview
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .first()
      .getAttribute("href");
    expect(href).toMatch(/^\/licenses\/[0-9a-f-]{36}$/);
    aliceLicensePath = href!;
  } finally {
    await context.close();
  }
  return aliceLicensePath;
}

/** The first id linked from a list page, or an id that exists nowhere (the sweep then sees the page's not-found state). */
async function firstLinkedId(page: Page, listPath: string, linkPrefix = `${listPath}/`): Promise<string> {
  await page.goto(listPath);
  const href = await page
    .locator(`a[href^="${linkPrefix}"]`)
    .first()
    .getAttribute("href", { timeout: 2_000 })
    .catch(() => null);
  return href?.split("/").at(-1) ?? "00000000-0000-4000-8000-000000000000";
}

const SEGMENTS: Record<string, (page: Page) => Promise<string>> = {
  licenseId: async (page) => (await aliceLicense(page)).split("/").at(-1)!,
  bulkRunId: (page) => firstLinkedId(page, "/admin/bulk"),
  orgId: (page) => firstLinkedId(page, "/admin", "/admin/customers/"),
  productId: (page) => firstLinkedId(page, "/admin/catalog"),
  releaseId: (page) => firstLinkedId(page, "/admin/releases"),
  channelId: (page) => firstLinkedId(page, "/settings/notifications"),
  // Invitations exist only once staff invite someone; the emailed link is absolute (REKEY_PUBLIC_URL).
  token: (page) => firstLinkedId(page, "/dev/mailbox", `${e2eBaseUrl}/invitations/`),
};

/** Each segment found once per worker: the pages that need one then cost one render, not two. */
const filledSegments = new Map<string, string>();

export async function urlFor(page: Page, route: AppRoute): Promise<string> {
  let url = route.pattern;
  for (const name of route.params) {
    const fill = SEGMENTS[name];
    expect(
      fill,
      `page ${route.pattern} has a dynamic segment [${name}] the sweep cannot fill: add it to SEGMENTS in e2e/page-sweep.ts`,
    ).toBeDefined();
    if (!filledSegments.has(name)) filledSegments.set(name, await fill!(page));
    url = url.replace(new RegExp(`\\[(\\.\\.\\.)?${name}\\]`), filledSegments.get(name)!);
  }
  return url;
}

export const serverLog = () => readFileSync("e2e/.auth/server.log", "utf8");
