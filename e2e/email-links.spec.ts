import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.describe("one-click links in rotation emails", () => {
  test.use({ storageState: authFile("alice") });

  test("alice postpones the upcoming rotation from the email, confirms, and the license shows the new date; the stale Rotate now link then says so", async ({
    page,
  }) => {
    const notice = page.getByRole("region", { name: /Key rotation for Atlas Server/ }).first();
    await expect(async () => {
      await page.goto("/dev/mailbox?to=alice%40acme.example");
      await expect(notice).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const links = notice.getByRole("list", { name: "Links in this email" });
    await expect(links.getByRole("link", { name: "Rotate now", exact: true })).toBeVisible();
    await links.getByRole("link", { name: "Postpone", exact: true }).click();

    await expect(page.getByRole("heading", { name: "Postpone this rotation?" })).toBeVisible();
    const preview = page.getByRole("region", { name: "What will happen" });
    const newDate = (await preview.locator("time").nth(1).textContent())!;
    expect(newDate).toMatch(/\d{2}:\d{2}/);
    await page.getByRole("button", { name: "Confirm postponement" }).click();

    await expect(page.getByRole("heading", { name: "Atlas Server · Enterprise" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Rotation timeline" })).toContainText(newDate);

    await page.goto("/dev/mailbox?to=alice%40acme.example");
    await notice
      .getByRole("list", { name: "Links in this email" })
      .getByRole("link", { name: "Rotate now", exact: true })
      .click();
    await expect(page.getByText("Already postponed")).toBeVisible();
    await expect(page.getByText(newDate)).toBeVisible();
    await expect(page.getByRole("button", { name: "Rotate now" })).toHaveCount(0);
  });

  test("a one-click link opened while signed out asks for sign-in first and changes nothing", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(
      "/licenses/00000000-0000-4000-8000-000000000000/rotation/postpone?rotation=00000000-0000-4000-8000-000000000001&at=2026-12-01T21%3A00%3A00.000Z",
    );
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Flicenses%2F.*%2Frotation%2Fpostpone/);
    await context.close();
  });
});
