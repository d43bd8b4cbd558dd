import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { mailLink, signInViaMailbox } from "./fixtures";
import { provisionOwnLicensedCustomer } from "./vendor-journey";

/**
 * Issues 18 and 20: a person whose access is a license, not an organization. An owner gives a seat
 * of a single-seat named-user license to someone outside the organization (its own product,
 * customer and license; no demo data); that person follows the email, sees that one license,
 * downloads its license file and finds its Downloads page; then the license key and an emailed code sign them into that license
 * alone, and organization pages send them back to it.
 */
test("an outsider given a seat sees only that license and downloads its file; the key and an emailed code open that license alone", async ({
  browser,
}) => {
  test.setTimeout(300_000); // admin forms and two sign-ins through the mailbox on a loaded machine
  const suffix = randomUUID().slice(0, 6);
  const productName = `Solo Studio ${suffix}`;
  const {
    page: owner,
    key,
    close,
  } = await provisionOwnLicensedCustomer(browser, {
    product: { name: productName, code: `solo-${suffix}` },
    edition: { name: "Solo", code: "solo" },
    seats: 1,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Seats counted").selectOption("user");
    },
    editionSummary: "Named users",
  });
  const licenseId = new URL(owner.url()).pathname.split("/").at(-1)!;
  const outsider = `outsider-${suffix}@elsewhere.example`;

  await owner.goto(`/licenses/${licenseId}/seats`);
  await owner.getByLabel("Seat holder's email").fill(outsider);
  await owner.getByRole("button", { name: "Assign seat" }).click();
  await expect(owner.getByRole("heading", { name: "1 of 1 seats assigned" })).toBeVisible();

  // The outsider follows the seat email, signs in with the magic link, and lands on that license.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const seatLink = await mailLink(page, outsider, `You have a seat of ${productName}`);
  await signInViaMailbox(page, outsider);
  await expect(page).toHaveURL(/\/held$/);
  await expect(page.getByRole("link", { name: productName })).toBeVisible();
  await page.goto(seatLink);
  await expect(page.getByRole("heading", { name: `${productName} Solo` })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download license file" }).click();
  const file = readFileSync((await (await downloading).path())!, "utf8");
  expect(file.split(".")).toHaveLength(3);
  // The software itself: the product has no release yet, and the holder's Downloads page says so.
  await page.getByRole("link", { name: "Downloads" }).click();
  await expect(page.getByRole("heading", { name: "Downloads" })).toBeVisible();
  await expect(page.getByText("No releases yet")).toBeVisible();
  // No organization of theirs: its pages lead back to the licenses assigned to them.
  await page.goto("/members");
  await expect(page).toHaveURL(/\/held$/);
  // Their own sign-in settings, for an organization that asks for a second factor before keys.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await context.close();

  // Sign-in by license key: the key and the address, then the emailed code.
  const keyContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const keyPage = await keyContext.newPage();
  await keyPage.goto("/signin");
  await keyPage.getByRole("link", { name: "Sign in with a license key" }).click();
  await keyPage.getByLabel("License key").fill(key);
  await keyPage.getByLabel("Email address").fill(outsider);
  await keyPage.getByRole("button", { name: "Email me a code" }).click();
  await expect(keyPage.getByText("we emailed a code to")).toBeVisible();
  const codeStep = keyPage.url();
  await keyPage.goto(`/dev/mailbox?to=${encodeURIComponent(outsider)}`);
  const codeEmail = keyPage.getByRole("region", { name: /Your Rekey sign-in code/ }).first();
  // Six digits standing alone: the address (outsider-<suffix>@…, also URL-encoded in the email's
  // link) can itself end in six digits, which a plain \b…\b match took for the code.
  const code = /(?<![-\w])(\d{6})(?![-\w@%])/.exec((await codeEmail.textContent()) ?? "")?.[1];
  expect(code).toBeTruthy();
  await keyPage.goto(codeStep);
  await keyPage.getByLabel("Code from the email").fill(code!);
  await keyPage.getByRole("button", { name: "Sign in" }).click();
  await expect(keyPage).toHaveURL(new RegExp(`/held/${licenseId}$`));
  await expect(keyPage.getByRole("heading", { name: `${productName} Solo` })).toBeVisible();
  // The session is scoped to that license: an organization's license page sends it back there.
  await keyPage.goto(`/licenses/${licenseId}`);
  await expect(keyPage).toHaveURL(new RegExp(`/held/${licenseId}$`));
  await keyContext.close();
  await close();
});
