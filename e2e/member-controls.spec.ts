import { expect, test } from "@playwright/test";
import { customerOfThisFile } from "./customers";
import { signInViaMailbox } from "./fixtures";

/** An organization of its own, with a member invited on the spot: nothing shared is changed. */
const customer = customerOfThisFile({ licenses: [{ product: "studio", edition: "professional", seats: 5 }] });
test.use({ storageState: customer.signedIn });

test("a member sees no control a member cannot use, and is told who can (issue 16 item 5)", async ({
  page,
  browser,
}) => {
  test.slow(); // two sign-ins by magic link
  const member = `member-${customer.get().orgId.slice(0, 8)}@controls.example`;
  await page.goto("/members");
  await page.getByLabel("Email address").fill(member);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${member}.`)).toBeVisible();

  const memberContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const memberPage = await memberContext.newPage();
  await signInViaMailbox(memberPage, member);
  await memberPage.goto(customer.get().licensePaths[0]!);
  const rotation = memberPage.getByRole("region", { name: "Rotation", exact: true });
  await expect(rotation).toBeVisible();
  // What a member may do is offered; what only an owner may do is absent, with who can instead.
  await expect(rotation.getByRole("button", { name: "Rotate now" })).toBeVisible();
  for (const ownersOnly of ["Replace a leaked key", "Roll back", "Save rotation settings"])
    await expect(memberPage.getByRole("button", { name: ownersOnly })).toHaveCount(0);
  await expect(rotation).toContainText("Only owners can replace a leaked key or roll back a rotation");
  await expect(rotation).toContainText("Only an owner of your organization can change when this key rotates");
  await expect(memberPage.getByRole("button", { name: "Request revocation" })).toHaveCount(0);

  await memberPage.goto("/settings/api-tokens");
  await expect(memberPage.getByText("Only owners manage API tokens")).toBeVisible();
  await expect(memberPage.getByRole("button", { name: "Create token" })).toHaveCount(0);
  await memberContext.close();
});
