import { expect, test, type Page } from "@playwright/test";
import { authFile, enrolAuthenticator, nextTotpCode, signInViaMailbox, USERS } from "./fixtures";

test.use({ storageState: authFile("alice") });

async function setKeyPolicy(page: Page, isRequired: boolean) {
  await page.goto("/settings/security");
  await page.getByLabel(/Require two-step verification to reveal/).setChecked(isRequired);
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(
    page.getByRole("status").filter({
      hasText: isRequired ? "Keys now need two-step verification." : "Keys no longer need two-step verification.",
    }),
  ).toBeVisible();
}

async function openStudioProfessional(page: Page) {
  await page.goto("/");
  await page
    .getByRole("table", { name: "Your organization's licenses" })
    .getByRole("row", { name: /Rekey Studio Professional/ })
    .getByRole("link")
    .click();
  return page.getByRole("region", { name: "License key" });
}

// The policy is Acme-wide and other specs reveal Acme keys as alice: switch it back off even when
// the test fails (afterAll has its own time budget; a `finally` would die with a timed-out page).
test.afterAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: authFile("alice") });
  await setKeyPolicy(await context.newPage(), false);
  await context.close();
});

test("an owner requires two-step verification for keys: a member is sent to set it up, then reveals, and later sign-ins ask for a code", async ({
  page,
  browser,
}) => {
  test.slow(); // three sign-ins by magic link and an enrolment
  await setKeyPolicy(page, true);
  const bobContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const bob = await bobContext.newPage();
  await signInViaMailbox(bob, USERS.bob);
  const keyRegion = await openStudioProfessional(bob);
  await expect(
    keyRegion.getByText(
      "Set up an authenticator app before you see or download license keys (your organization requires it).",
    ),
  ).toBeVisible();
  await expect(keyRegion.getByRole("link", { name: "Download license file" })).toHaveCount(0);
  await keyRegion.getByRole("button", { name: "Reveal" }).first().click();
  await expect(keyRegion.getByRole("alert")).toContainText("Set up an authenticator app");
  await expect(bob.getByLabel("Revealed license key")).toHaveCount(0);

  await keyRegion.getByRole("link", { name: "Set up an authenticator app" }).first().click();
  await expect(bob).toHaveURL(/\/settings\/security$/);
  await enrolAuthenticator(bob, "bob");
  await bob.getByRole("button", { name: "I saved them" }).click();
  await expect(bob.getByText("Your authenticator app is on. 10 of 10 recovery codes left.")).toBeVisible();

  const verifiedKeyRegion = await openStudioProfessional(bob);
  await verifiedKeyRegion.getByRole("button", { name: "Reveal" }).first().click();
  await expect(bob.getByLabel("Revealed license key")).toHaveText(/^RK-/);
  await expect(verifiedKeyRegion.getByRole("link", { name: "Download license file" })).toBeVisible();
  await bobContext.close();

  const laterContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const later = await laterContext.newPage();
  await signInViaMailbox(later, USERS.bob);
  await expect(later.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await later.goto("/members");
  await expect(later).toHaveURL(/\/signin\/mfa$/);
  await later.getByLabel("Authentication code").fill(nextTotpCode("bob"));
  await later.getByRole("button", { name: "Verify" }).click();
  await expect(later.getByRole("heading", { name: "Licenses" })).toBeVisible();
  await laterContext.close();

  // Bob then loses his phone and his recovery codes: an admin resets his second factor, and he hears of it.
  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin");
  await admin.getByRole("searchbox", { name: "Search customers" }).fill(USERS.bob);
  await admin.getByRole("searchbox", { name: "Search customers" }).press("Enter");
  await admin
    .getByRole("table", { name: "Search results" })
    .getByRole("link", { name: "Acme Robotics" })
    .first()
    .click();
  const bobRow = admin
    .getByRole("table", { name: "Members of this organization" })
    .getByRole("row", { name: new RegExp(USERS.bob) });
  await expect(bobRow).toContainText("authenticator app");
  await bobRow.getByRole("button", { name: `Reset two-step verification for ${USERS.bob}` }).click();
  const dialog = admin.getByRole("dialog", { name: `Reset two-step verification for ${USERS.bob}?` });
  await expect(dialog.getByRole("region", { name: "What will happen" })).toContainText("They get an email");
  await dialog.getByLabel("Reason category").selectOption({ label: "Customer request" });
  await dialog
    .getByLabel("Internal note (staff only — the customer never sees this)")
    .fill("Ticket 9120: lost phone and recovery codes, identity confirmed by call-back");
  await dialog.getByRole("button", { name: "Reset two-step verification" }).click();
  // The row's own status is the confirmation: with nothing left to reset, its button is gone.
  await expect(bobRow).toContainText("none");
  await expect(bobRow.getByRole("button")).toHaveCount(0);
  await expect(
    admin
      .getByRole("list", { name: "Organization audit" })
      .getByRole("listitem")
      .filter({ hasText: "second_factor.reset" })
      .first(),
  ).toContainText("Ticket 9120");
  await admin.goto(`/dev/mailbox?to=${encodeURIComponent(USERS.bob)}`);
  await expect(admin.getByRole("region", { name: /Your Rekey two-step verification was reset/ }).first()).toBeVisible();
  await adminContext.close();
});
