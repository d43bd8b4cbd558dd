import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createJwksCache, validateOnline } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { authFile, giveStaffReason, mailLink, revealKey, USERS } from "./fixtures";

test("an admin builds a product, an edition with two entitlements, a customer and a license; the invited owner signs in from the invitation, sees the license, and the SDK validates its key", async ({
  browser,
}) => {
  // Two people, four admin forms, three emails and a sign-in: longer than the default.
  test.setTimeout(180_000);
  const suffix = randomUUID().slice(0, 6);
  const productName = `Render Farm ${suffix}`;
  const productCode = `render-${suffix}`;
  const orgName = `Initech ${suffix}`;
  const owner = `owner-${suffix}@initech.example`;

  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/catalog");
  const newProduct = admin.getByRole("region", { name: "New product" });
  await newProduct.getByLabel("Name").fill(productName);
  await newProduct.getByLabel("Code").fill(productCode);
  await giveStaffReason(newProduct, "new product launching this quarter");
  await newProduct.getByRole("button", { name: "Add product" }).click();
  await newProduct.getByRole("link", { name: `Open ${productName}` }).click();
  await expect(admin.getByRole("heading", { name: productName })).toBeVisible();

  const newFeature = admin.getByRole("region", { name: "New feature" });
  for (const [name, code] of [
    ["GPU rendering", "gpu"],
    ["Cloud queue", "cloud-queue"],
  ] as const) {
    await newFeature.getByLabel("Feature name").fill(name);
    await newFeature.getByLabel("Feature code").fill(code);
    await giveStaffReason(newFeature, `feature ${code} ships with 1.0`);
    await newFeature.getByRole("button", { name: "Add feature" }).click();
    await expect(newFeature.getByRole("status")).toContainText(`Feature “${code}” added`);
  }

  const newEdition = admin.getByRole("region", { name: "New edition" });
  await newEdition.getByLabel("Edition name").fill("Studio");
  await newEdition.getByLabel("Edition code").fill("studio");
  await newEdition
    .getByRole("group", { name: "Entitlements" })
    .getByRole("checkbox", { name: /GPU rendering/ })
    .check();
  await newEdition
    .getByRole("group", { name: "Entitlements" })
    .getByRole("checkbox", { name: /Cloud queue/ })
    .check();
  await newEdition.getByLabel("Default seats").fill("4");
  await giveStaffReason(newEdition, "pricing page lists a Studio tier");
  await newEdition.getByRole("button", { name: "Add edition" }).click();
  await expect(newEdition.getByRole("status")).toContainText("Edition “Studio” added");
  await admin.reload();
  await expect(
    admin.getByRole("table", { name: `Editions of ${productName}` }).getByRole("row", { name: /Studio/ }),
  ).toContainText("cloud-queue, gpu");

  await admin.goto("/admin");
  await admin.getByRole("link", { name: "New customer" }).click();
  await admin.getByLabel("Organization name").fill(orgName);
  await admin.getByLabel("Owner's email").fill(owner);
  await giveStaffReason(admin.getByRole("main"), "order 4711 from the web shop");
  await admin.getByRole("button", { name: "Create customer and invite owner" }).click();
  await admin.getByRole("link", { name: "Issue its first license" }).click();

  await expect(admin.getByRole("heading", { name: `New license for ${orgName}` })).toBeVisible();
  await admin.getByLabel("Product and edition").selectOption({ label: `${productName} — Studio` });
  // The edition's defaults fill the form.
  await expect(admin.getByLabel("Seats")).toHaveValue("4");
  await expect(admin.getByLabel("Term (days)")).toHaveValue("365");
  await admin.getByLabel(/Metadata/).fill("order = 4711");
  await giveStaffReason(admin.getByRole("main"), "order 4711: 4 seats for one year");
  await admin.getByRole("button", { name: "Issue license" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "License issued" })).toBeVisible();
  await adminContext.close();

  // The owner: the invitation names the organization and who invited them, with the address filled in.
  const ownerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ownerContext.newPage();
  await page.goto(await mailLink(page, owner, `You're invited to ${orgName} on Rekey`));
  await expect(page.getByRole("heading", { name: `Join ${orgName} on Rekey` })).toBeVisible();
  await expect(page.getByText(`${USERS.admin} invited you to ${orgName}`)).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(owner);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const licenseLink = await mailLink(page, owner, `Your ${productName} license is ready`);
  await page.goto(await mailLink(page, owner, "Your Rekey sign-in link"));

  await page.goto(licenseLink);
  await expect(page.getByRole("heading", { name: `${productName} · Studio` })).toBeVisible();
  const key = await revealKey(page.getByRole("region", { name: "License key" }));
  expect(key).toMatch(/^RK-([0-9A-Z]{4}-){4}[0-9A-Z]$/);

  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  expect(await validateOnline({ baseUrl: e2eBaseUrl, key, product: productCode, jwks })).toMatchObject({
    ok: true,
    valid: true,
    code: "VALID",
  });
  await ownerContext.close();
});
