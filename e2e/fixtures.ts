import { expect, type Page } from "@playwright/test";

export const USERS = {
  alice: "alice@acme.example",
  grace: "grace@globex.example",
  support: "support@rekey.example",
} as const;

export const authFile = (who: keyof typeof USERS) => `e2e/.auth/${who}.json`;
export const globexLicenseFile = "e2e/.auth/globex-license.json";

/**
 * Signs in the way a person does: request a link, open the dev mailbox (the outbox in a
 * browser), follow the link. Only the mailbox replaces a real inbox.
 */
export async function signInViaMailbox(page: Page, email: string, { from = "/signin" } = {}): Promise<void> {
  await page.goto(from);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const newest = page.getByRole("region", { name: /Your Rekey sign-in link/ }).first();
  const link = await newest.getByRole("list", { name: "Links in this email" }).getByRole("link").first().getAttribute("href");
  expect(link).toBeTruthy();
  await page.goto(link!);
}
