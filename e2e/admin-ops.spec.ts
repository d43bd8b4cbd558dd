import { expect, test, type Page } from "@playwright/test";
import { authFile, signInAndEnrolStaff } from "./fixtures";

async function fillReason(page: Page, dialogName: string | RegExp, reason: string) {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.getByLabel("Reason category").selectOption("security");
  await dialog.getByLabel("Internal note (staff only — the customer never sees this)").fill(reason);
  return dialog;
}

async function jwksKids(page: Page): Promise<string[]> {
  const response = await page.request.get("/.well-known/jwks.json");
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

test("an admin publishes a next signing key and a second admin approves its revocation", async ({ browser }) => {
  // Two admins, one of them signing in and enrolling an authenticator on the spot, then an approval
  // that revokes a key: longer than the default when the suite runs files side by side.
  test.setTimeout(90_000);
  const first = await browser.newContext({ storageState: authFile("admin") });
  const admin = await first.newPage();
  await admin.goto("/admin/signing-keys");
  await expect(admin.getByRole("heading", { name: "Signing keys" })).toBeVisible();

  // A product scope of its own: the global scope already has its pending key. Named, not counted:
  // the provisioning spec adds products (and so scopes) while this one runs.
  const scope = admin.getByRole("region", { name: "Atlas Server", exact: true });
  await scope.getByRole("button", { name: "Generate next key" }).click();
  const generate = await fillReason(admin, /Generate the next key/, "isolate this product before the audit");
  await generate.getByLabel("Algorithm").selectOption("ES256");
  await generate.getByRole("button", { name: "Generate and publish" }).click();
  await expect(generate).toBeHidden();

  const pendingRow = scope.getByRole("row").filter({ hasText: "pending" }).filter({ hasText: "ES256" }).first();
  await expect(pendingRow).toBeVisible();
  const kid = (await pendingRow.getByRole("cell").first().textContent())!.trim();
  expect(await jwksKids(admin)).toContain(kid);

  await pendingRow.getByRole("button", { name: /Request revocation/ }).click();
  const request = await fillReason(admin, /Request revocation of key/, "generated for the wrong product");
  await request.getByRole("button", { name: "Request revocation" }).click();
  await expect(request).toBeHidden();

  await admin.goto("/admin/approvals");
  const ownRequest = admin.getByRole("listitem", { name: `Revoke signing key ${kid}` });
  await expect(ownRequest.getByText("another admin must decide it")).toBeVisible();
  await expect(ownRequest.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // Staff writes need a verified second factor: the second admin sets one up on first sign-in.
  const second = await browser.newContext();
  const approver = await second.newPage();
  await signInAndEnrolStaff(approver, "admin2");
  await approver.goto("/admin/approvals");
  await approver
    .getByRole("listitem", { name: `Revoke signing key ${kid}` })
    .getByRole("button", { name: "Approve" })
    .click();
  const approve = await fillReason(approver, /Approve: Revoke signing key/, "confirmed: wrong product");
  await approve.getByRole("button", { name: "Approve and run" }).click();
  await expect(approve).toBeHidden();

  await approver.goto("/admin/approvals?view=decided");
  await expect(
    approver.getByRole("listitem", { name: `Revoke signing key ${kid}` }).getByText("approved"),
  ).toBeVisible();
  await expect.poll(() => jwksKids(approver)).not.toContain(kid);

  await first.close();
  await second.close();
});
