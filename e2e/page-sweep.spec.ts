import { expect, test, type Page } from "@playwright/test";
import { contextFor, pagesToSweep, urlFor } from "./page-sweep";

/**
 * Every page, in each project's screen and browser time zone (playwright.config.ts: a 1280 px
 * desktop in America/New_York, a 390 px phone in Asia/Kolkata), issue 16 items 1, 2 and 12:
 * nothing on the page errs in the console (hydration errors #418 when server and browser format a
 * time differently, CSP refusals of script chunks), no request fails, nothing scrolls sideways, and
 * every button and menu item can be brought on screen.
 */

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

test.describe("page sweep", () => {
  for (const { route, who } of pagesToSweep()) {
    test(`${route.pattern} (${who ?? "signed out"}) renders without errors, failed requests or sideways scrolling`, async ({
      browser,
    }) => {
      test.setTimeout(90_000); // a full render of the page, twice on a phone (menu opened)
      const context = await contextFor(browser, who);
      const page = await context.newPage();
      const url = await urlFor(page, route);
      const problems: string[] = [];
      // A page that answers 403/404 by design (an admin-only page for support, a dev page in
      // production) has the browser log its own status; its subresources still count.
      const refusedDocuments = new Set<string>();
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        const isDocumentStatus =
          message.text().startsWith("Failed to load resource") && refusedDocuments.has(message.location().url);
        // The dev mailbox previews emails in sandboxed srcdoc frames: their scripts are refused on purpose.
        const isSandboxedPreview = message.location().url === "about:srcdoc";
        if (message.type() === "error" && !isDocumentStatus && !isSandboxedPreview)
          problems.push(`console: ${message.text()} (${message.location().url})`);
      });
      page.on("requestfailed", (request) => {
        // Navigating away cancels in-flight prefetches; that is not a failure of the page.
        if (request.failure()?.errorText !== "net::ERR_ABORTED")
          problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
      });
      page.on("response", (response) => {
        if (response.status() < 400) return;
        if (response.request().isNavigationRequest()) refusedDocuments.add(response.url());
        else problems.push(`response ${response.status()}: ${response.url()}`);
      });

      const response = await page.goto(url);
      await page.waitForLoadState("networkidle");
      expect(response?.status() ?? 0, url).toBeLessThan(500);

      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, `${url} is ${scrollWidth} px wide on a ${innerWidth} px screen`).toBeLessThanOrEqual(
        innerWidth,
      );
      expect(await unreachableControls(page), url).toEqual([]);

      const menu = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" });
      if (await menu.isVisible()) {
        await menu.click();
        await expect(menu).toHaveAttribute("aria-expanded", "true");
        expect(await unreachableControls(page), `${url} with the menu open`).toEqual([]);
      }

      expect(problems, url).toEqual([]);
      await context.close();
    });
  }
});
