import { writeFileSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { saveManagementToken } from "./customers";
import { authFile, globexLicenseFile, signInAndEnrolStaff, signInViaMailbox, USERS } from "./fixtures";

// Four different people, each with their own sign-in limit, state file and authenticator: no order between them.
setup.describe.configure({ mode: "parallel" });

setup("customer of Acme signs in through the magic link", async ({ page }) => {
  await signInViaMailbox(page, USERS.alice);
  await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
  await page.context().storageState({ path: authFile("alice") });
});

setup("customer of Globex signs in and notes one of their license ids", async ({ page }) => {
  await signInViaMailbox(page, USERS.grace);
  await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
  const href = await page.getByRole("link", { name: "Rekey Studio" }).first().getAttribute("href");
  expect(href).toMatch(/^\/licenses\/[0-9a-f-]{36}$/);
  writeFileSync(globexLicenseFile, JSON.stringify({ href }));
  await page.context().storageState({ path: authFile("grace") });
});

setup(
  "support staff signs in, sets up an authenticator app, and lands verified in the admin view",
  async ({ page }) => {
    await signInAndEnrolStaff(page, "support");
    await page.context().storageState({ path: authFile("support") });
  },
);

setup(
  "admin staff signs in, sets up an authenticator app the same way, and creates the management API token specs provision their own customers with",
  async ({ page }) => {
    await signInAndEnrolStaff(page, "admin");
    await expect(page.getByText("Support · admin")).toBeVisible();
    await page.context().storageState({ path: authFile("admin") });

    await page.goto("/admin/api-tokens");
    const form = page.getByRole("region", { name: "New token" });
    await form.getByLabel("Name", { exact: true }).fill("e2e customer provisioning");
    await form.getByLabel("Scope").selectOption("full");
    await form.getByLabel("Reason category").selectOption("customer_request");
    await form
      .getByLabel("Internal note (staff only — the customer never sees this)")
      .fill("e2e specs make their own data");
    await form.getByRole("button", { name: "Create token" }).click();
    saveManagementToken((await page.getByLabel("New token value").textContent())!.trim());
  },
);
