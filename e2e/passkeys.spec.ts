import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { authFile, signInViaMailbox } from "./fixtures";

// The DevTools protocol's virtual authenticator (WebAuthn domain) exists in Chromium only.
test.skip(({ browserName }) => browserName !== "chromium", "virtual authenticators are a Chromium DevTools feature"); // reason: virtual authenticators exist only in Chromium

test("a new owner adds a passkey in security settings, and their next sign-in passes two-step verification with it", async ({
  browser,
}) => {
  test.setTimeout(150_000); // two people, three emails and two sign-ins on a shared machine
  const suffix = randomUUID().slice(0, 6);
  const orgName = `Hooli ${suffix}`;
  const owner = `owner-${suffix}@hooli.example`;

  const adminContext = await browser.newContext({ storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "New customer" }).click();
  await admin.getByLabel("Organization name").fill(orgName);
  await admin.getByLabel("Owner's email").fill(owner);
  await admin.getByLabel("Reason category").selectOption("customer_request");
  await admin.getByLabel("Internal note (staff only — the customer never sees this)").fill("passkey pilot customer");
  await admin.getByRole("button", { name: "Create customer and invite owner" }).click();
  await expect(admin.getByRole("link", { name: "Issue its first license" })).toBeVisible();
  await adminContext.close();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  // A platform authenticator with user verification, as a laptop's fingerprint reader would be.
  const devtools = await context.newCDPSession(page);
  await devtools.send("WebAuthn.enable");
  await devtools.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await signInViaMailbox(page, owner);
  await page.goto("/settings/security");
  const passkeys = page.getByRole("region", { name: "Passkeys" });
  await expect(passkeys.getByText("No passkeys yet.")).toBeVisible();
  await passkeys.getByLabel("Passkey name").fill("Work laptop");
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  await expect(passkeys.getByRole("status")).toContainText("Passkey “Work laptop” added.");
  await expect(passkeys.getByRole("list", { name: "Your passkeys" })).toContainText("Work laptop");

  // A new sign-in: the email link alone no longer opens the portal.
  await context.clearCookies();
  await signInViaMailbox(page, owner);
  await expect(page).toHaveURL(/\/signin\/mfa/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).not.toHaveURL(/\/signin\/mfa/);
  await page.goto("/settings/security");
  await expect(page.getByRole("list", { name: "Your passkeys" })).toContainText("last used");
  await context.close();
});
