import { expect, test } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { customerOfThisFile } from "./customers";
import { startTestDns } from "./test-dns";
import { startTestOidcProvider } from "./test-oidc-provider";

/**
 * Issue 20: an organization's own OpenID provider, started here (oidc-provider) with a DNS the spec
 * answers. The organization is this file's own; the member who signs in never existed before.
 */
const customer = customerOfThisFile({ licenses: [{ product: "studio", edition: "professional", seats: 5 }] });
test.use({ storageState: customer.signedIn });

const CLIENT = { clientId: "rekey-e2e", clientSecret: "e2e-client-secret-not-a-secret" };
let dns: Awaited<ReturnType<typeof startTestDns>>;
let provider: Awaited<ReturnType<typeof startTestOidcProvider>>;

test.beforeAll(async () => {
  dns = await startTestDns();
  provider = await startTestOidcProvider(CLIENT);
});
test.afterAll(async () => {
  await provider?.close();
  await dns?.close();
});

test("an owner connects the provider, verifies the domain and requires SSO; a member signs in through it and lands in the organization; the magic link is refused", async ({
  page,
  browser,
}) => {
  test.slow(); // an owner's set-up, then a sign-in through a second server
  const domain = `sso-${customer.get().orgId.slice(0, 8)}.example`;
  await page.goto("/settings/security");

  const domains = page.getByRole("region", { name: "Email domains" });
  await domains.getByLabel("Domain").fill(domain);
  await domains.getByRole("button", { name: "Add domain" }).click();
  const record = await domains.getByLabel(`TXT record for ${domain}`).textContent();
  dns.publishTxt(`_rekey-challenge.${domain}`, record!.trim());
  await domains.getByRole("button", { name: "Check DNS record" }).click();
  await expect(domains.getByText("Verified", { exact: true })).toBeVisible();

  const sso = page.getByRole("region", { name: "Single sign-on" });
  await expect(sso.getByText(`${e2eBaseUrl}/signin/sso/callback`)).toBeVisible();
  await sso.getByLabel("Issuer URL").fill(provider.issuer);
  await sso.getByLabel("Client ID").fill(CLIENT.clientId);
  await sso.getByLabel("Client secret").fill(CLIENT.clientSecret);
  await sso.getByRole("button", { name: "Connect provider" }).click();
  await expect(sso.getByText("Identity provider connected.")).toBeVisible();
  await sso.getByLabel(/Require single sign-on/).check();
  await sso.getByRole("button", { name: "Save requirement" }).click();
  await expect(sso.getByText("Single sign-on is now required.")).toBeVisible();

  const member = `dana@${domain}`;
  const visitor = await browser.newContext({ baseURL: e2eBaseUrl, storageState: { cookies: [], origins: [] } });
  const memberPage = await visitor.newPage();
  await memberPage.goto("/signin");
  await memberPage.getByLabel("Email address").fill(member);
  await memberPage.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(
    memberPage.getByText(`${customer.get().orgName} requires you to sign in through its identity provider`),
  ).toBeVisible();

  await memberPage.getByLabel("Work email").fill(member);
  await memberPage.getByRole("button", { name: "Sign in with single sign-on" }).click();
  // The provider's own development login and consent pages.
  await memberPage.locator('input[name="login"]').fill(member);
  await memberPage.locator('input[name="password"]').fill("any password");
  await memberPage.getByRole("button", { name: "Sign-in" }).click();
  await memberPage.getByRole("button", { name: "Continue" }).click();

  await expect(memberPage).toHaveURL(`${e2eBaseUrl}/`);
  await expect(memberPage.getByText(customer.get().orgName).first()).toBeVisible();
  await expect(
    memberPage
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ }),
  ).toBeVisible();
  await visitor.close();

  await page.goto("/members");
  await expect(page.getByRole("listitem").filter({ hasText: member })).toContainText("member");
});
