import { expect, test, type Page } from "@playwright/test";
import { writeReport } from "../testing/reports";
import { authFile } from "./fixtures";

// axe on every page, at both screen sizes, runs in the page sweep (e2e/page-sweep.spec.ts).
const figures = { keyboardRotation: "not run" };
test.afterAll(() => writeReport("accessibility-e2e", figures, "e2e"));

test.describe("accessibility", () => {
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
      await expect(page.getByText("Rotated. Your new key works now.")).toBeVisible({ timeout: 30_000 });
      figures.keyboardRotation = "completed with Tab, arrows and Enter only";
    });
  });
});
