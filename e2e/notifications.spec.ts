import { expect, test } from "@playwright/test";
import { authFile } from "./fixtures";

test.describe("notification channels", () => {
  test.use({ storageState: authFile("alice") });

  test("an owner adds a shared inbox, which receives notices only after following its verification link", async ({
    page,
  }) => {
    await page.goto("/settings/notifications");
    await page
      .getByRole("region", { name: "Add an email address" })
      .getByLabel("Email address")
      .fill("ops@acme.example");
    await page.getByRole("button", { name: "Add email" }).click();
    await expect(page.getByText("Check that inbox")).toBeVisible();
    const channels = page.getByRole("region", { name: "Channels" });
    await expect(channels.getByText("Waiting for the verification link")).toBeVisible();

    await page.goto("/dev/mailbox?to=ops%40acme.example");
    await page
      .getByRole("region", { name: /Confirm this address/ })
      .getByRole("list", { name: "Links in this email" })
      .getByRole("link")
      .click();
    await expect(page.getByRole("heading", { name: "Address confirmed" })).toBeVisible();
    await page.goto("/settings/notifications");
    await expect(page.getByRole("region", { name: "Channels" }).getByText("Verified", { exact: true })).toBeVisible();
  });

  test("a webhook URL that is not a URL gets a field error and nothing is added", async ({ page }) => {
    await page.goto("/settings/notifications");
    await page.getByLabel("Endpoint URL").fill("not a url");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText("Enter a full URL starting with https://.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Channels" }).getByText("Webhook", { exact: true })).toHaveCount(0);
  });
});
