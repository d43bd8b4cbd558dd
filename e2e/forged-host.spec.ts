import { expect, test, type Page } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { provisionCustomer } from "./customers";
import { expectOnPortal, type ForgedHostLog, forgeHostHeaders } from "./response-checks";

/**
 * Issue 24, finding 1: the sign-in action built the magic link from Host / X-Forwarded-Host. Here
 * the sign-in flow runs with every request's Host and X-Forwarded-Host forged
 * (e2e/response-checks.ts); every redirect, page body and email link must stay on
 * REKEY_PUBLIC_URL (the e2e server's own address). Every page of the app tree gets the same
 * forged requests in the page sweep (e2e/page-sweep.spec.ts).
 */
async function mailboxLinks(page: Page): Promise<string[]> {
  await page.goto("/dev/mailbox");
  return page
    .getByRole("list", { name: "Links in this email" })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
}

test.describe("forged Host and X-Forwarded-Host", () => {
  test("a sign-in requested with forged headers emails a link on REKEY_PUBLIC_URL, and following it stays there", async ({
    browser,
  }) => {
    // A customer of its own: another spec's second factor would stop a demo person's sign-in halfway.
    const { ownerEmail } = await provisionCustomer({ licenses: [] });
    const seen: ForgedHostLog = { locations: [] };
    const context = await browser.newContext();
    await forgeHostHeaders(context, seen);
    const page = await context.newPage();
    await page.goto("/signin");
    await page.getByLabel("Email address").fill(ownerEmail);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(ownerEmail)}`);
    const link = await page
      .getByRole("region", { name: /Your Rekey sign-in link/ })
      .first()
      .getByRole("list", { name: "Links in this email" })
      .getByRole("link")
      .first()
      .getAttribute("href");
    expect(link).toMatch(new RegExp(`^${e2eBaseUrl}/api/auth/callback/resend\\?`));

    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(e2eBaseUrl);
    expect(seen.locations.length).toBeGreaterThan(0);
    expectOnPortal(seen.locations);
    await context.close();
  });

  test("a signed-out visit to a portal page is sent to sign in on REKEY_PUBLIC_URL, whatever Host says", async ({
    browser,
  }) => {
    const seen: ForgedHostLog = { locations: [] };
    const signedOut = await browser.newContext();
    await forgeHostHeaders(signedOut, seen);
    const page = await signedOut.newPage();
    await page.goto("/members");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmembers$/);
    expect(new URL(page.url()).origin).toBe(e2eBaseUrl);
    expect(seen.locations.length).toBeGreaterThan(0);
    expectOnPortal(seen.locations);
    await signedOut.close();
  });

  test("every link in every email the suite has sent so far is on REKEY_PUBLIC_URL", async ({ page }) => {
    const links = await mailboxLinks(page);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${e2eBaseUrl}/`), link).toBe(true);
  });
});

test.describe("staff below a page's role", () => {
  test.use({ storageState: "e2e/.auth/support.json" });

  for (const path of ["/admin/approvals", "/admin/bulk", "/admin/signing-keys"]) {
    test(`support staff get HTTP 403 on ${path}, told the page needs the admin role`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "This page needs the admin role" })).toBeVisible();
      await expect(page.getByText("You are support staff.")).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the admin home" })).toHaveAttribute("href", "/admin");
    });
  }
});
