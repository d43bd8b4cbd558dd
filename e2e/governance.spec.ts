import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { managementApi, provisionCustomer } from "./customers";
import { authFile, giveStaffReason } from "./fixtures";

/**
 * Issue 22: policy history, offboarding and four eyes, each on data made here (a product, a
 * customer), so the spec changes nothing other specs read and runs beside them.
 */
test.use({ storageState: authFile("admin") });

async function addProduct(page: Page, name: string) {
  await page.goto("/admin/catalog");
  const newProduct = page.getByRole("region", { name: "New product" });
  await newProduct.getByLabel("Name").fill(name);
  await newProduct.getByLabel("Code").fill(name.toLowerCase().replaceAll(" ", "-"));
  await giveStaffReason(newProduct, "a product of its own for the policy history journey");
  await newProduct.getByRole("button", { name: "Add product" }).click();
  await expect(newProduct.getByRole("link", { name: `Open ${name}` })).toBeVisible();
}

async function saveOverlap(
  page: Page,
  productName: string,
  minOverlapMinutes: string,
  more: Record<string, string> = {},
) {
  await page.getByRole("button", { name: `Edit ${productName} All editions policy` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Minimum overlap (minutes)").fill(minOverlapMinutes);
  await dialog.getByLabel("Maximum overlap (minutes)").fill("43200");
  for (const [label, value] of Object.entries(more)) await dialog.getByLabel(label).fill(value);
  await giveStaffReason(dialog, `overlap of ${minOverlapMinutes} minutes after customer feedback`);
  await dialog.getByRole("button", { name: "Save new version" }).click();
  await expect(dialog).toBeHidden();
}

test("an admin reads a policy's history in plain words and restores an older version as a new one", async ({
  page,
}) => {
  const productName = `Policy History ${randomUUID().slice(0, 6)}`;
  await addProduct(page, productName);
  await page.goto("/admin/policies");
  await saveOverlap(page, productName, "10080");
  await saveOverlap(page, productName, "20160", { "Grace after expiry (days)": "14", "Maximum key age (days)": "365" });

  await page.reload();
  await page.getByText(`History of ${productName}, all editions: 2 versions`).click();
  const versions = page.getByRole("list", { name: `Versions of ${productName}, all editions` });
  await expect(versions.getByRole("listitem").first()).toContainText("Version 2 (current)");
  await expect(versions).toContainText("Minimum overlap changed from 7 days to 14 days");
  await expect(versions).toContainText("Grace after expiry changed from 0 days to 14 days");
  await expect(versions).toContainText("Maximum key age changed from no limit to 365 days");

  await versions.getByRole("button", { name: "Restore version 1" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Saves version 3 with the rules of version 1");
  await giveStaffReason(dialog, "the longer overlap confused customers");
  await dialog.getByRole("button", { name: "Restore as new version" }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await page.getByText(`History of ${productName}, all editions: 3 versions`).click();
  const restored = versions.getByRole("listitem").first();
  await expect(restored).toContainText("Version 3 (current)");
  await expect(restored).toContainText("Minimum overlap changed from 14 days to 7 days");
  await expect(restored).toContainText("Maximum key age changed from 365 days to no limit");
});

test("staff schedule the end of a customer made on the spot, the owner is told once, and staff cancel it before the date", async ({
  page,
}) => {
  const suffix = randomUUID().slice(0, 6);
  const orgName = `Offboarded ${suffix}`;
  const owner = `owner-${suffix}@offboarded.example`;
  await page.goto("/admin/customers/new");
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByLabel("Owner's email").fill(owner);
  await giveStaffReason(page.getByRole("main"), "a customer of its own for the offboarding journey");
  await page.getByRole("button", { name: "Create customer and invite owner" }).click();
  const firstLicense = page.getByRole("link", { name: "Issue its first license" });
  const customerPath = (await firstLicense.getAttribute("href"))!.replace(/\/licenses\/new$/, "");

  await page.goto(customerPath);
  const offboarding = page.getByRole("region", { name: "Offboarding" });
  await offboarding.getByRole("button", { name: "End this customer…" }).click();
  const schedule = page.getByRole("dialog");
  await schedule.getByLabel("Last day of access (UTC)").fill("2030-06-30");
  await schedule.getByLabel("At the end, the licenses").selectOption("revoke");
  await giveStaffReason(schedule, "contract terminated, ticket 9031");
  await schedule.getByRole("button", { name: "Schedule offboarding" }).click();
  await expect(schedule).toBeHidden();
  await page.reload();
  await expect(offboarding).toContainText("scheduled");
  await expect(offboarding).toContainText("every license is revoked");

  await page.goto(`/dev/mailbox?to=${encodeURIComponent(owner)}`);
  await expect(page.getByRole("region", { name: `Your Rekey access for ${orgName} ends on 2030-06-30` })).toHaveCount(
    1,
  );

  await page.goto(customerPath);
  await offboarding.getByRole("button", { name: "Cancel offboarding" }).click();
  const cancel = page.getByRole("dialog");
  await giveStaffReason(cancel, "the customer renewed after all");
  await cancel.getByRole("button", { name: "Cancel offboarding" }).click();
  await expect(cancel).toBeHidden();
  await page.reload();
  await expect(offboarding).toContainText("The last offboarding was cancelled");
  await expect(offboarding.getByRole("button", { name: "End this customer…" })).toBeVisible();
});

test("support's suspension of a customer's licenses beyond the approval policy waits until an admin approves it", async ({
  page,
  browser,
}) => {
  // The rule set here (suspending more than 1 license in one action) holds only this action, which
  // no other spec takes; every other rule keeps the value the form shows.
  const customer = await provisionCustomer({
    licenses: [
      { product: "studio", edition: "professional", seats: 2 },
      { product: "studio", edition: "professional", seats: 2 },
    ],
  });
  await page.goto("/admin/approvals");
  await page.getByRole("button", { name: "Change approval policy…" }).click();
  const policy = page.getByRole("dialog");
  await policy.getByLabel("Suspending more than this many licenses in one action needs a second person").fill("1");
  await giveStaffReason(policy, "mass suspensions need a second look");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(policy).toBeHidden();
  await expect(
    page.getByText("Suspending a customer's licenses in one action: more than 1 needs a second person"),
  ).toBeVisible();

  const supportContext = await browser.newContext({ storageState: authFile("support") });
  const support = await supportContext.newPage();
  const customerPath = `/admin/customers/${customer.orgId}`;
  await support.goto(customerPath);
  await support.getByRole("button", { name: "Suspend all licenses…" }).click();
  const suspend = support.getByRole("dialog");
  await giveStaffReason(suspend, "chargeback on the yearly invoice");
  await suspend.getByRole("button", { name: "Suspend licenses" }).click();
  await expect(support.getByRole("status").filter({ hasText: "Sent for approval" })).toBeVisible();
  const licenseRows = support.getByRole("table", { name: "Licenses of this organization" }).getByRole("row");
  await support.reload();
  await expect(licenseRows.filter({ hasText: "suspended" })).toHaveCount(0);
  await expect(licenseRows.filter({ hasText: "active" })).toHaveCount(2);

  await page.goto("/admin/approvals");
  await page
    .getByRole("listitem", { name: `Suspend a customer's licenses ${customer.orgId}` })
    .getByRole("button", { name: "Approve" })
    .click();
  const approve = page.getByRole("dialog", { name: /Approve: Suspend a customer's licenses/ });
  await giveStaffReason(approve, "chargeback confirmed with billing");
  await approve.getByRole("button", { name: "Approve and run" }).click();
  await expect(approve).toBeHidden();

  await support.reload();
  await expect(licenseRows.filter({ hasText: "suspended" })).toHaveCount(2);
  await supportContext.close();
});

test("the health page shows an emergency rotation's detection, first customer notice and key replacement", async ({
  page,
  browser,
}) => {
  const customer = await provisionCustomer({
    licenses: [{ product: "studio", edition: "professional", seats: 2 }],
  });
  const licensePath = customer.licensePaths[0]!;
  const ownerContext = await browser.newContext({ storageState: customer.storageState });
  const owner = await ownerContext.newPage();
  await owner.goto(licensePath);
  await owner.getByRole("button", { name: "Replace a leaked key" }).click();
  const leak = owner.getByRole("dialog", { name: "Replace a leaked key now?" });
  await leak.getByLabel("Reason").fill("pasted into a public chat");
  await leak.getByRole("button", { name: "Revoke and replace" }).click();
  await expect(owner.getByText("The leaked key is revoked.")).toBeVisible();
  await ownerContext.close();

  // The health page names an emergency rotation by its id: other specs' rotations sit beside it.
  const { call, dispose } = await managementApi();
  const rotations = (await call("GET", `licenses/${licensePath.split("/").pop()}/rotations`)) as {
    data: { id: string; kind: string }[];
  };
  await dispose();
  const emergency = rotations.data.find((rotation) => rotation.kind === "emergency");
  expect(emergency).toBeDefined();

  const row = page
    .getByRole("table", { name: "Detection, first customer notice and key replacement" })
    .getByRole("row")
    .filter({ hasText: `Emergency rotation ${emergency!.id.slice(0, 8)}` });
  // The first notice is the email the worker sends: wait for it as the operator would, by reloading.
  await expect(async () => {
    await page.goto("/admin/health");
    await expect(row).not.toContainText("not yet");
    await expect(row.getByText("on target")).toHaveCount(2);
  }).toPass({ timeout: 60_000 });
});
