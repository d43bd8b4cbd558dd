import { expect, test, type Page } from "@playwright/test";
import { nextTotpCode, readFactor, signInViaMailbox, USERS } from "./fixtures";

/** Each test signs in afresh (no stored state): the point is what a new session may do. */
test.use({ storageState: { cookies: [], origins: [] } });

async function enterCode(page: Page, code: string) {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("support signs in by magic link, may read but not write until the second factor, and a recovery code works once", async ({
  page,
  browser,
}) => {
  test.slow(); // two sign-ins by magic link
  await signInViaMailbox(page, USERS.support);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();

  // Reading is allowed with the magic link alone, under a banner.
  await page.goto("/admin/anomalies");
  await expect(page.getByRole("status").filter({ hasText: "Read-only until you verify" })).toBeVisible();
  const row = page.getByRole("table", { name: "Open anomaly flags" }).getByRole("row", { name: /Globex Corporation/ });
  await row.getByLabel("Reason category").selectOption({ label: "Security" });
  await row.getByLabel(/Finding for Globex Corporation/).fill("Checked with the customer: build farm");
  await row.getByRole("button", { name: "Resolve" }).click();
  await expect(row.getByRole("alert")).toContainText(
    "Enter a code from your authenticator app before you change anything as staff.",
  );
  await expect(row).toBeVisible();

  // The refusal links to the verification step, which brings support back here.
  const { recoveryCodes } = readFactor("support");
  await row.getByRole("link", { name: "Enter a code from your authenticator app" }).click();
  await enterCode(page, recoveryCodes[0]!.toLowerCase());
  await expect(page).toHaveURL(/\/admin\/anomalies$/);
  await expect(page.getByText("Read-only until")).toHaveCount(0);
  const verifiedRow = page
    .getByRole("table", { name: "Open anomaly flags" })
    .getByRole("row", { name: /Globex Corporation/ });
  await verifiedRow.getByLabel("Reason category").selectOption({ label: "Security" });
  await verifiedRow.getByLabel(/Finding for Globex Corporation/).fill("Checked with the customer: build farm");
  await verifiedRow.getByRole("button", { name: "Resolve" }).click();
  await expect(
    page.getByRole("table", { name: "Open anomaly flags" }).getByRole("row", { name: /Globex Corporation/ }),
  ).toHaveCount(0);

  // The resolution is in the staff audit log with its reason.
  await page.goto(`/admin/audit?actor=${encodeURIComponent(USERS.support)}&action=device_anomaly.`);
  await expect(page.getByRole("list", { name: "Audit events" })).toContainText("Checked with the customer: build farm");

  // A new session: the spent recovery code is refused, a code from the app works.
  const second = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const again = await second.newPage();
  await signInViaMailbox(again, USERS.support);
  await enterCode(again, recoveryCodes[0]!);
  await expect(again.getByText("That code is not valid.")).toBeVisible();
  await enterCode(again, nextTotpCode("support"));
  await expect(again).toHaveURL(/\/admin$/);
  await expect(again.getByText("Read-only until")).toHaveCount(0);
  await second.close();
});

test("admin sees the audit log filtered and can export it as CSV", async ({ page }) => {
  await signInViaMailbox(page, USERS.admin);
  await enterCode(page, nextTotpCode("admin"));
  await page.goto("/admin/audit");
  const filters = page.getByRole("search", { name: "Filter audit events" });
  await filters.getByLabel("Action starts with").fill("second_factor.");
  await filters.getByRole("button", { name: "Filter" }).click();
  const events = page.getByRole("list", { name: "Audit events" });
  await expect(events.getByText(/turned on an authenticator app/).first()).toBeVisible();
  await expect(events).not.toContainText("license_key.");

  await filters.getByLabel("Action starts with").fill("Not A Prefix!");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("Action prefixes use lowercase letters")).toBeVisible();

  const download = await page.request.get("/admin/audit/export?action=second_factor.");
  expect(download.headers()["content-type"]).toContain("text/csv");
  const csv = await download.text();
  expect(csv.split("\r\n")[0]).toBe("id,occurred_at,actor,action,subject_type,subject_id,reason,data");
  expect(csv).toContain("second_factor.enrolled");
  expect(csv).not.toContain("license_key.");
});
