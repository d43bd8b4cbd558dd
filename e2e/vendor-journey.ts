import { randomUUID } from "node:crypto";
import { type Browser, expect, type Locator, type Page } from "@playwright/test";
import { provisionCustomer } from "./customers";
import { authFile, giveStaffReason, revealKey } from "./fixtures";

/**
 * The licensing-model journeys (issue 18) start alike, on data of their own: an admin adds a
 * product and an edition of the model under test in the catalogue; a customer and a license of it
 * are made through the management API, and the owner, signed in, reveals the key. Only the edition's settings
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

  await adminContext.close();

  // The customer, its license and the owner's sign-in through the management API, as a CRM would
  // make them: the admin's customer and license forms and the owner's invitation are
  // e2e/provisioning.spec.ts's journey, and walking them here cost each of these specs a dozen page
  // loads (issue 23).
  const customer = await provisionCustomer({
    licenses: [{ product: product.code, edition: edition.code, seats }],
    orgName,
    ownerEmail: owner,
  });
  const ownerContext = await browser.newContext({ storageState: customer.storageState });
  const page = await ownerContext.newPage();
  await page.goto(customer.licensePaths[0]!);
  const key = await revealKey(page.getByRole("region", { name: "License key" }));
  return { page, key, ownerEmail: owner, close: () => ownerContext.close() };
}
