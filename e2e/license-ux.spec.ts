import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { activate, createJwksCache } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { authFile, revealKey } from "./fixtures";

/**
 * Issue 16 items 3, 4, 5 on an organisation made for this spec (the demo organisations stay as they
 * are, so it runs beside every other spec): reversible actions act at once and offer Undo, and a
 * suspended license says why and what to do instead of offering rotation settings.
 */

async function newestMailLink(page: Page, to: string, subject: string | RegExp): Promise<string> {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  const email = page.getByRole("region", { name: subject }).first();
  await expect(email).toBeVisible();
  return (await email
    .getByRole("list", { name: "Links in this email" })
    .getByRole("link")
    .first()
    .getAttribute("href"))!;
}

async function giveReason(page: Page, reason: string, message?: string) {
  const main = page.getByRole("dialog").or(page.getByRole("main")).last();
  await main.getByLabel("Reason category").selectOption("customer_request");
  await main.getByLabel("Internal note (staff only — the customer never sees this)").fill(reason);
  if (message) await main.getByLabel(/Message to the customer/).fill(message);
}

/** A new customer with one Rekey Studio license; the owner signed in on the license page. */
async function newCustomerOnLicensePage(browser: Browser) {
  const suffix = randomUUID().slice(0, 6);
  const orgName = `Undo Ltd ${suffix}`;
  const owner = `owner-${suffix}@undo.example`;
  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "New customer" }).click();
  await admin.getByLabel("Organization name").fill(orgName);
  await admin.getByLabel("Owner's email").fill(owner);
  await giveReason(admin, "e2e customer for the license page journey");
  await admin.getByRole("button", { name: "Create customer and invite owner" }).click();
  await admin.getByRole("link", { name: "Issue its first license" }).click();
  await admin.getByLabel("Product and edition").selectOption({ label: "Rekey Studio — Professional" });
  await giveReason(admin, "e2e license");
  await admin.getByRole("button", { name: "Issue license" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "License issued" })).toBeVisible();

  const ownerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ownerContext.newPage();
  await page.goto(await newestMailLink(page, owner, `You're invited to ${orgName} on Rekey`));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const licenseLink = await newestMailLink(page, owner, /license is ready/);
  await page.goto(await newestMailLink(page, owner, "Your Rekey sign-in link"));
  await page.goto(licenseLink);
  await expect(page.getByRole("heading", { name: "Rekey Studio · Professional" })).toBeVisible();
  return { admin, page, licenseId: new URL(page.url()).pathname.split("/").at(-1)! };
}

test("postpone and device deactivation act at once with Undo, and a suspended license says why and what to do next", async ({
  browser,
}) => {
  // An admin and a customer, two emails and three journeys: longer than the default.
  test.setTimeout(240_000);
  const { admin, page, licenseId } = await newCustomerOnLicensePage(browser);

  // Postpone → toast with the new date in the viewer's zone → Undo puts the rotation back.
  const rotation = page.getByRole("region", { name: "Rotation" });
  await rotation.getByLabel("Rotate the key").selectOption({ label: "Every 30 days" });
  await rotation.getByRole("button", { name: "Save rotation settings" }).click();
  await expect(rotation.getByText("Saved. The next rotation is planned for")).toBeVisible();
  const next = page.getByRole("region", { name: "Next rotation" });
  const plannedFor = (await next.locator("time").first().textContent())!;
  await next.getByRole("button", { name: "Postpone to the next window" }).click();
  const toast = page.getByRole("status").filter({ hasText: "Rotation moved to" });
  await expect(toast).toContainText(/Rotation moved to \w{3} \d{1,2} \w{3}, \d{2}:\d{2} [A-Za-z_/]+/);
  await expect(next.locator("time").first()).not.toHaveText(plannedFor);
  await expect(page.getByRole("list", { name: "Rotation timeline" })).toContainText("moved from");
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rotation back on" })).toBeVisible();
  await expect(next.locator("time").first()).toHaveText(plannedFor);

  // Deactivate a device → it changes in place with a toast → Undo gives it its seat back.
  const key = await revealKey(page.getByRole("region", { name: "License key" }));
  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  for (const name of ["Undo-Laptop"])
    expect(
      await activate({
        baseUrl: e2eBaseUrl,
        key,
        jwks,
        product: "studio",
        fingerprint: `fp-${name}-${licenseId}`,
        name,
      }),
    ).toMatchObject({ ok: true });
  await page.goto(`/licenses/${licenseId}/devices`);
  const laptop = page.getByRole("row", { name: /Undo-Laptop/ });
  await laptop.getByRole("button", { name: "Deactivate Undo-Laptop" }).click();
  const deactivated = page.getByRole("status").filter({ hasText: "Undo-Laptop is deactivated" });
  await expect(deactivated).toBeVisible();
  await expect(laptop.getByText("Deactivated")).toBeVisible();
  await expect(laptop.getByRole("button", { name: "Deactivate Undo-Laptop" })).toHaveCount(0);
  await deactivated.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Undo-Laptop is active again" })).toBeVisible();
  await expect(laptop.getByText("Active", { exact: true })).toBeVisible();

  // Support suspends it: the owner reads why and what to do instead of rotation settings.
  await admin.goto(`/admin/licenses/${licenseId}`);
  await admin.getByRole("button", { name: "Suspend", exact: true }).click();
  await giveReason(admin, "chargeback on order", "Your last payment was returned; please update your card.");
  await admin.getByRole("button", { name: "Suspend license" }).click();
  await expect(admin.getByText("Suspended.")).toBeVisible();
  await page.goto(`/licenses/${licenseId}`);
  const standing = page.getByRole("region", { name: "This license is suspended" });
  await expect(standing).toContainText("Your last payment was returned; please update your card.");
  await expect(standing).toContainText("What to do next: contact your vendor's support");
  await expect(page.getByRole("button", { name: "Save rotation settings" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rotate now" })).toHaveCount(0);
});
