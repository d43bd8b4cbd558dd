import { randomUUID } from "node:crypto";
import { type Browser, expect, type Locator, type Page } from "@playwright/test";
import { authFile, giveStaffReason, mailLink } from "./fixtures";

/**
 * The licensing-model journeys (issue 18) start alike, on data of their own: an admin adds a
 * product and an edition of the model under test in the catalogue, a customer and a license of
 * it; the owner accepts the invitation, signs in and reveals the key. Only the edition's settings
 * differ, so `configureEdition` fills them on the New edition form (after any `features` the
 * product needs for them are added).
 */
export async function provisionOwnLicensedCustomer(
  browser: Browser,
  {
    product,
    edition,
    seats,
    features = [],
    configureEdition,
    editionSummary,
  }: {
    product: { name: string; code: string };
    edition: { name: string; code: string };
    seats: number;
    /** Features of the product, added before the edition so it can grant (or keep) them. */
    features?: { name: string; code: string }[];
    configureEdition: (form: Locator) => Promise<void>;
    /** What the product's Editions table should then say about the model. */
    editionSummary: string;
  },
): Promise<{ page: Page; key: string; ownerEmail: string; close: () => Promise<void> }> {
  const suffix = randomUUID().slice(0, 6);
  const orgName = `${product.name} customer ${suffix}`;
  const owner = `owner-${suffix}@${product.code}.example`;

  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/catalog");
  const newProduct = admin.getByRole("region", { name: "New product" });
  await newProduct.getByLabel("Name").fill(product.name);
  await newProduct.getByLabel("Code").fill(product.code);
  await giveStaffReason(newProduct, `${product.name} pilot`);
  await newProduct.getByRole("button", { name: "Add product" }).click();
  await newProduct.getByRole("link", { name: `Open ${product.name}` }).click();
  for (const feature of features) {
    const newFeature = admin.getByRole("region", { name: "New feature" });
    await newFeature.getByLabel("Feature name").fill(feature.name);
    await newFeature.getByLabel("Feature code").fill(feature.code);
    await giveStaffReason(newFeature, `${feature.name} ships`);
    await newFeature.getByRole("button", { name: "Add feature" }).click();
    await expect(newFeature.getByRole("status")).toContainText(`Feature “${feature.code}” added`);
    await admin.reload();
  }
  const newEdition = admin.getByRole("region", { name: "New edition" });
  await newEdition.getByLabel("Edition name").fill(edition.name);
  await newEdition.getByLabel("Edition code").fill(edition.code);
  await newEdition.getByLabel("Default seats").fill(String(seats));
  await configureEdition(newEdition);
  await giveStaffReason(newEdition, `${edition.name} edition`);
  await newEdition.getByRole("button", { name: "Add edition" }).click();
  await expect(newEdition.getByRole("status")).toContainText(`Edition “${edition.name}” added`);
  await admin.reload();
  await expect(
    admin
      .getByRole("table", { name: `Editions of ${product.name}` })
      .getByRole("row", { name: new RegExp(edition.name) }),
  ).toContainText(editionSummary);

  await admin.goto("/admin");
  await admin.getByRole("link", { name: "New customer" }).click();
  await admin.getByLabel("Organization name").fill(orgName);
  await admin.getByLabel("Owner's email").fill(owner);
  await giveStaffReason(admin.getByRole("main"), `${product.name} pilot customer`);
  await admin.getByRole("button", { name: "Create customer and invite owner" }).click();
  await admin.getByRole("link", { name: "Issue its first license" }).click();
  await admin.getByLabel("Product and edition").selectOption({ label: `${product.name} — ${edition.name}` });
  await expect(admin.getByLabel("Seats")).toHaveValue(String(seats));
  await giveStaffReason(admin.getByRole("main"), `${seats} seats of ${edition.name}`);
  await admin.getByRole("button", { name: "Issue license" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "License issued" })).toBeVisible();
  await adminContext.close();

  const ownerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ownerContext.newPage();
  const licenseLink = await mailLink(page, owner, `Your ${product.name} license is ready`);
  await page.goto(await mailLink(page, owner, `You're invited to ${orgName} on Rekey`));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await mailLink(page, owner, "Your Rekey sign-in link"));
  await page.goto(licenseLink);
  await page.getByRole("region", { name: "License key" }).getByRole("button", { name: "Reveal" }).click();
  const key = (await page.getByLabel("Revealed license key").textContent())!;
  return { page, key, ownerEmail: owner, close: () => ownerContext.close() };
}
