import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { writeReport } from "../testing/reports";
import { authFile } from "./fixtures";
import { contextFor, pagesToSweep, urlFor } from "./page-sweep";

/** Pages no customer or staff member ever sees, with why. */
const NOT_SHIPPED: Record<string, string> = {
  "/dev/mailbox":
    "development-only outbox viewer, 404 in production; its email previews are sandboxed iframes axe cannot enter",
  "/dev/mailbox/templates":
    "development-only template previews, 404 in production; each preview is a sandboxed iframe axe cannot enter",
};

const figures = { pagesScanned: 0, seriousOrCritical: 0, minorOrModerate: 0, keyboardRotation: "not run" };
test.afterAll(() => writeReport("accessibility-e2e", figures, "e2e"));

test.describe("accessibility", () => {
  // One test per page, so each page has its own time budget and a failure names its page.
  for (const { route, who } of pagesToSweep().filter(({ route }) => !NOT_SHIPPED[route.pattern])) {
    test(`axe finds no serious or critical violation on ${route.pattern} (${who ?? "signed out"})`, async ({
      browser,
    }) => {
      test.setTimeout(90_000); // a full render of the page plus axe's analysis
      const context = await contextFor(browser, who);
      const page = await context.newPage();
      const url = await urlFor(page, route);
      await page.goto(url);
      const { violations } = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const found: string[] = [];
      for (const violation of violations) {
        if (violation.impact === "serious" || violation.impact === "critical") {
          figures.seriousOrCritical++;
          found.push(
            `${url} (${who ?? "signed out"}): ${violation.id} [${violation.impact}] ${violation.help} — ${violation.nodes
              .map((node) => node.target.join(" "))
              .slice(0, 3)
              .join(", ")}`,
          );
        } else figures.minorOrModerate++;
      }
      figures.pagesScanned++;
      await context.close();
      expect(found).toEqual([]);
    });
  }

  test.describe("keyboard only", () => {
    test.use({ storageState: authFile("grace") });

    /** Presses Tab until the focused element matches, as a keyboard user would. */
    async function tabTo(page: Page, role: string, name: string) {
      for (let presses = 0; presses < 150; presses++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          return {
            tag: element?.tagName.toLowerCase(),
            role: element?.getAttribute("role"),
            label: element?.getAttribute("aria-label") ?? element?.textContent ?? "",
            labelledBy: element?.id ? (document.querySelector(`label[for="${element.id}"]`)?.textContent ?? "") : "",
          };
        });
        const focusedRole =
          focused.role ??
          (focused.tag === "button"
            ? "button"
            : focused.tag === "select"
              ? "combobox"
              : focused.tag === "a"
                ? "link"
                : focused.tag);
        if (focusedRole === role && `${focused.label} ${focused.labelledBy}`.includes(name)) return;
      }
      throw new Error(`Tab never reached the ${role} "${name}"`);
    }

    test("a customer rotates a key now using only the keyboard", async ({ page }) => {
      await page.goto("/");
      await tabTo(page, "link", "Atlas Server");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { name: /Atlas Server/ })).toBeVisible({ timeout: 30_000 });
      await tabTo(page, "button", "Rotate now");
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Rotate this key now?" });
      await expect(dialog).toBeVisible({ timeout: 15_000 });
      await tabTo(page, "combobox", "Keep the old key working for");
      await page.keyboard.press("ArrowDown");
      await tabTo(page, "button", "Rotate key");
      await page.keyboard.press("Enter");
      await expect(page.getByText("Rotated. Your new key is active")).toBeVisible({ timeout: 30_000 });
      figures.keyboardRotation = "completed with Tab, arrows and Enter only";
    });
  });
});
