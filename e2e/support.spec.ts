import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { authFile, globexLicenseFile, revealKey, signInViaMailbox, USERS } from "./fixtures";

test.describe("support view", () => {
  test.use({ storageState: authFile("support") });

  test("support finds a customer by email, reissues their key with a reason; the customer is emailed, the old key keeps validating, and the audit says who and why", async ({
    page,
    browser,
    request,
  }) => {
    // Signing in through the mailbox and walking the whole support flow takes longer than the default.
    test.setTimeout(120_000);
    // The customer reads their current key (a fresh sign-in: revealing needs a recent one); the new
    // context must not inherit the support staff's stored session.
    const customer = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const customerPage = await customer.newPage();
    await signInViaMailbox(customerPage, USERS.grace);
    const { href } = JSON.parse(readFileSync(globexLicenseFile, "utf8")) as { href: string };
    await customerPage.goto(href);
    const oldKey = await revealKey(customerPage.getByRole("region", { name: "License key" }));
    expect(oldKey).toMatch(/^RK-([0-9A-Z]{4}-){4}[0-9A-Z]$/);

    // One box, keyboard only: type, arrow down through the results, Enter.
    await page.goto("/admin");
    const search = page.getByRole("searchbox", { name: "Search customers" });
    await search.fill(USERS.grace);
    await search.press("Enter");
    const results = page.getByRole("table", { name: "Search results" });
    await expect(results.getByRole("link", { name: "Rekey Studio · Enterprise" })).toBeVisible();
    // The results page is server-rendered; its arrow keys work once React has hydrated it, and a
    // press before that does nothing (a CI run's first attempt waited out its 10 s here). From the
    // box, ArrowDown always lands on the first result, so the press is repeated from the box.
    await expect(async () => {
      await search.focus();
      await search.press("ArrowDown");
      await expect(results.getByRole("link", { name: "Atlas Server · Team" })).toBeFocused({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await page.keyboard.press("ArrowDown");
    await expect(results.getByRole("link", { name: "Rekey Studio · Enterprise" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Rekey Studio · Enterprise" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/admin/licenses/${href.split("/").pop()}$`));

    await page.getByRole("button", { name: "Reissue key" }).click();
    const dialog = page.getByRole("dialog", { name: "Reissue this license's key?" });
    await expect(dialog.getByRole("region", { name: "What will happen" })).toContainText(
      "2 active devices need the new key",
    );
    await dialog.getByRole("button", { name: "Reissue key" }).click();
    await expect(dialog.getByText("Choose a reason category.")).toBeVisible();
    await dialog.getByLabel("Keep the old key working for").selectOption({ label: "1 day" });
    await dialog.getByLabel("Reason category").selectOption({ label: "Customer request" });
    await dialog
      .getByLabel("Internal note (staff only — the customer never sees this)")
      .fill("Ticket 5150: customer reinstalled and lost the key");
    await dialog
      .getByLabel("Message to the customer (optional — shown in their Activity and email)")
      .fill("Here is the new key you asked for.");
    await dialog.getByRole("button", { name: "Reissue key" }).click();
    await expect(page.getByText("Reissued. The customer has been notified")).toBeVisible();

    const audit = page.getByRole("list", { name: "License audit" });
    const reissued = audit.getByRole("listitem").filter({ hasText: "reissued the license key" });
    await expect(reissued).toContainText(USERS.support);
    await expect(reissued).toContainText("Internal note: Ticket 5150: customer reinstalled and lost the key");
    await expect(reissued).toContainText("Message to the customer: Here is the new key you asked for.");
    await expect(page.getByRole("table", { name: "Rotation timeline" }).getByRole("row").nth(1)).toContainText(
      "reissue",
    );
    expect(await page.content()).not.toContain(oldKey.slice(8));

    await customerPage.goto(`/dev/mailbox?to=${encodeURIComponent(USERS.grace)}`);
    const notice = customerPage.getByRole("region", { name: /A new license key for Rekey Studio was issued/ }).first();
    await expect(notice).toBeVisible();
    await expect(notice.getByRole("list", { name: "Links in this email" })).toContainText(`${href}#key`);
    await expect(notice).toContainText("Here is the new key you asked for.");
    await expect(notice).not.toContainText("Ticket 5150");

    const answer = await (await request.post("/api/v1/licenses/validate", { data: { key: oldKey } })).json();
    expect(answer).toMatchObject({
      valid: true,
      code: "VALID_ROTATING",
      key: { state: "retiring", rotatesAt: expect.any(String) },
    });
    await customer.close();
  });

  test("refuses a whole pasted key in the search box without echoing it", async ({ page }) => {
    await page.goto("/admin");
    const pasted = "RK-0000-0000-0000-0000-0";
    await page.getByRole("searchbox", { name: "Search customers" }).fill(pasted);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("That is a whole license key. Search by its prefix only")).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Search customers" })).toHaveValue("");
  });
});
