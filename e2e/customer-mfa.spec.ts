import { expect, test, type Page } from "@playwright/test";
import { customerOfThisFile } from "./customers";
import { authFile, enrolAuthenticator, nextTotpCode, signInViaMailbox } from "./fixtures";

/** An organization of its own: its key policy and its member's second factor are what this spec changes. */
const customer = customerOfThisFile({ licenses: [{ product: "studio", edition: "professional", seats: 5 }] });
test.use({ storageState: customer.signedIn });

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

test("an owner requires two-step verification for keys: a member is sent to set it up, then reveals, and later sign-ins ask for a code", async ({
  page,
  browser,
}) => {
  test.slow(); // three sign-ins by magic link and an enrolment
  const member = `member-${customer.get().orgId.slice(0, 8)}@own-customer.example` as const;
  await page.goto("/members");
  await page.getByLabel("Email address").fill(member);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${member}.`)).toBeVisible();
  await setKeyPolicy(page, true);
  const memberContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const memberPage = await memberContext.newPage();
  await signInViaMailbox(memberPage, member);
  const keyRegion = await openStudioProfessional(memberPage);
  await expect(
    keyRegion.getByText(
      "Set up an authenticator app before you see or download license keys (your organization requires it).",
    ),
  ).toBeVisible();
  await expect(keyRegion.getByRole("link", { name: "Download license file" })).toHaveCount(0);
  await keyRegion.getByRole("button", { name: "Reveal" }).first().click();
  await expect(keyRegion.getByRole("alert")).toContainText("Set up an authenticator app");
  await expect(memberPage.getByLabel("Revealed license key")).toHaveCount(0);

  await keyRegion.getByRole("link", { name: "Set up an authenticator app" }).first().click();
  await expect(memberPage).toHaveURL(/\/settings\/security$/);
  await enrolAuthenticator(memberPage, member);
  await memberPage.getByRole("button", { name: "I saved them" }).click();
  await expect(memberPage.getByText("Your authenticator app is on. 10 of 10 recovery codes left.")).toBeVisible();

  const verifiedKeyRegion = await openStudioProfessional(memberPage);
  await verifiedKeyRegion.getByRole("button", { name: "Reveal" }).first().click();
  await expect(memberPage.getByLabel("Revealed license key")).toHaveText(/^RK-/);
  await expect(verifiedKeyRegion.getByRole("link", { name: "Download license file" })).toBeVisible();
  await memberContext.close();

  const laterContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const later = await laterContext.newPage();
  await signInViaMailbox(later, member);
  await expect(later.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await later.goto("/members");
  await expect(later).toHaveURL(/\/signin\/mfa$/);
  await later.getByLabel("Authentication code").fill(nextTotpCode(member));
  await later.getByRole("button", { name: "Verify" }).click();
  await expect(later.getByRole("heading", { name: "Licenses" })).toBeVisible();
  await laterContext.close();

  // The member then loses their phone and recovery codes: an admin resets their second factor, and they hear of it.
  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin");
  await admin.getByRole("searchbox", { name: "Search customers" }).fill(member);
  await admin.getByRole("searchbox", { name: "Search customers" }).press("Enter");
  await admin
    .getByRole("table", { name: "Search results" })
    .getByRole("link", { name: customer.get().orgName })
    .first()
    .click();
  const memberRow = admin
    .getByRole("table", { name: "Members of this organization" })
    .getByRole("row", { name: new RegExp(member) });
  await expect(memberRow).toContainText("authenticator app");
  await memberRow.getByRole("button", { name: `Reset two-step verification for ${member}` }).click();
  const dialog = admin.getByRole("dialog", { name: `Reset two-step verification for ${member}?` });
  await expect(dialog.getByRole("region", { name: "What will happen" })).toContainText("They get an email");
  await dialog.getByLabel("Reason category").selectOption({ label: "Customer request" });
  await dialog
    .getByLabel("Internal note (staff only — the customer never sees this)")
    .fill("Ticket 9120: lost phone and recovery codes, identity confirmed by call-back");
  await dialog.getByRole("button", { name: "Reset two-step verification" }).click();
  // The row's own status is the confirmation: with nothing left to reset, its button is gone.
  await expect(memberRow).toContainText("none");
  await expect(memberRow.getByRole("button")).toHaveCount(0);
  await expect(
    admin
      .getByRole("list", { name: "Organization audit" })
      .getByRole("listitem")
      .filter({ hasText: "reset the two-step verification of" })
      .first(),
  ).toContainText("Ticket 9120");
  await admin.goto(`/dev/mailbox?to=${encodeURIComponent(member)}`);
  await expect(admin.getByRole("region", { name: /Your Rekey two-step verification was reset/ }).first()).toBeVisible();
  await adminContext.close();
});
