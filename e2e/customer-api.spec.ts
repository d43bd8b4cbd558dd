import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Page,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { buildSdkPackage } from "../scripts/sdk-package";
import { activate, createJwksCache, validateOnline } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { authFile, enrolAuthenticator } from "./fixtures";

const run = promisify(execFile);
const staffReason = { reason: "e2e: customer API journey", reasonCategory: "customer_request" };

/** The vendor's side, through the management API: a customer of its own and a license for it (no demo data). */
async function newCustomerWithLicense(api: APIRequestContext, suffix: string, label: string) {
  const owner = `owner-${label}-${suffix}@cli.example`;
  const editions = await (await api.get("/api/v1/manage/editions")).json();
  const customer = await api.post("/api/v1/manage/customers", {
    data: { ...staffReason, name: `CLI ${label} ${suffix}`, ownerEmail: owner },
  });
  expect(customer.status()).toBe(201);
  const { id: orgId } = await customer.json();
  const license = await api.post("/api/v1/manage/licenses", {
    data: {
      ...staffReason,
      orgId,
      editionId: editions.data.find((edition: { code: string }) => edition.code !== "trial").id,
      seats: 3,
      termDays: 365,
      offlineGraceDays: 7,
    },
  });
  expect(license.status()).toBe(201);
  const { id: licenseId, product } = await license.json();
  return {
    owner,
    orgName: `CLI ${label} ${suffix}`,
    licenseId: licenseId as string,
    productCode: product.code as string,
  };
}

/** The owner's organization requires two-step verification for keys (Settings → Security). */
async function requireSecondFactorForKeys(page: Page) {
  await page.goto("/settings/security");
  await page.getByLabel(/Require two-step verification to reveal/).check();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Keys now need two-step verification." })).toBeVisible();
}

/**
 * The owner accepts the invitation, signs in, and creates an API token under Settings → API tokens.
 * Where the organization requires a second factor for keys, the token is refused until the owner
 * sets up an authenticator app (issue 17: tokens are made under the organization's second-factor rule).
 */
async function ownerCreatesToken(
  browser: Browser,
  customer: { owner: string; orgName: string },
  { isSecondFactorRequired = false } = {},
) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const mailLink = async (subject: string | RegExp) => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(customer.owner)}`);
    const email = page.getByRole("region", { name: subject }).first();
    await expect(email).toBeVisible();
    return (await email
      .getByRole("list", { name: "Links in this email" })
      .getByRole("link")
      .first()
      .getAttribute("href"))!;
  };
  await page.goto(await mailLink(`You're invited to ${customer.orgName} on Rekey`));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await mailLink("Your Rekey sign-in link"));

  const form = page.getByRole("region", { name: "New token" });
  const fillAndCreate = async () => {
    await page.goto("/settings/api-tokens");
    await form.getByLabel("Name").fill("deploy pipeline");
    for (const scope of ["Download keys and license files", "Rotate keys (rotate now, postpone)"])
      await form.getByRole("checkbox", { name: scope }).check();
    await form.getByRole("button", { name: "Create token" }).click();
  };
  if (isSecondFactorRequired) {
    await requireSecondFactorForKeys(page);
    await fillAndCreate();
    await expect(form.getByRole("alert")).toContainText("Set up an authenticator app");
    await expect(page.getByText("No API tokens yet")).toBeVisible();
    await page.goto("/settings/security");
    await enrolAuthenticator(page, customer.owner as `${string}@${string}`);
    await page.getByRole("button", { name: "I saved them" }).click();
  }
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  await fillAndCreate();
  const token = (await form.getByLabel("New token value").textContent())!.trim();
  expect(token).toMatch(/^rk_org_/);
  return { context, page, token };
}

test("an owner's API token drives the rekey CLI: pull the key, rotate, pull the new key in the overlap; a revoked token is 401 and another organization's token is 404", async ({
  browser,
}) => {
  // Two customers made on the spot, two sign-ins, a compiled CLI and eight of its runs.
  test.setTimeout(300_000);
  const suffix = randomUUID().slice(0, 6);
  const workDir = await mkdtemp(path.join(tmpdir(), "rekey-cli-e2e-"));
  const cliBuild = buildSdkPackage(path.join(workDir, "sdk"));

  // The vendor's management token, made by the admin (its stored sign-in has a second factor).
  const admin = await browser.newContext({ storageState: authFile("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/admin/api-tokens");
  const newToken = adminPage.getByRole("region", { name: "New token" });
  await newToken.getByLabel("Name").fill(`e2e customer API ${suffix}`);
  await newToken.getByLabel("Scope").selectOption("full");
  await newToken.getByLabel("Reason category").selectOption("customer_request");
  await newToken.getByLabel("Internal note (staff only — the customer never sees this)").fill("e2e customer API");
  await newToken.getByRole("button", { name: "Create token" }).click();
  const managementToken = (await newToken.getByLabel("New token value").textContent())!.trim();
  await admin.close();
  const api = await playwrightRequest.newContext({
    baseURL: e2eBaseUrl,
    extraHTTPHeaders: { authorization: `Bearer ${managementToken}` },
  });
  const mine = await newCustomerWithLicense(api, suffix, "mine");
  const theirs = await newCustomerWithLicense(api, suffix, "theirs");
  await api.dispose();

  const owner = await ownerCreatesToken(browser, mine, { isSecondFactorRequired: true });
  const other = await ownerCreatesToken(browser, theirs);
  await cliBuild;
  // The customer's shell: none of the test runner's loaders.
  const { NODE_OPTIONS: _runnerLoaders, ...customerEnv } = process.env;
  const rekey = (token: string, ...args: string[]) =>
    run(process.execPath, [path.join(workDir, "sdk/cli/rekey.js"), ...args], {
      env: { ...customerEnv, REKEY_URL: e2eBaseUrl, REKEY_TOKEN: token },
    });

  const listed = JSON.parse((await rekey(owner.token, "licenses", "--json")).stdout);
  expect(listed).toEqual([expect.objectContaining({ id: mine.licenseId, status: "active" })]);

  const keyFile = path.join(workDir, "app.key");
  await rekey(owner.token, "key", "pull", mine.licenseId, "--out", keyFile);
  const oldKey = (await readFile(keyFile, "utf8")).trim();
  expect(oldKey).toMatch(/^RK-/);
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

  // Two build machines on the old key (issue 16 item 9: the adoption view shows who still needs the new one).
  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  const machine = (name: string, key: string) => ({
    baseUrl: e2eBaseUrl,
    key,
    product: mine.productCode,
    jwks,
    fingerprint: `${name}-${suffix}-fingerprint`,
    name,
  });
  for (const name of ["build-updated", "build-stale"])
    expect(await activate(machine(name, oldKey))).toMatchObject({ ok: true });

  const rotated = JSON.parse((await rekey(owner.token, "rotate", mine.licenseId, "--overlap", "60", "--json")).stdout);
  expect(rotated.oldKeyValidUntil).toBeTruthy();
  await rekey(owner.token, "key", "pull", mine.licenseId, "--out", keyFile);
  const newKey = (await readFile(keyFile, "utf8")).trim();
  expect(newKey).toMatch(/^RK-/);
  expect(newKey).not.toBe(oldKey);
  // Inside the overlap both work: the old key says a new one is ready.
  expect(await validateOnline(machine("build-stale", oldKey))).toMatchObject({ ok: true, code: "VALID_ROTATING" });
  expect(await validateOnline(machine("build-updated", newKey))).toMatchObject({ ok: true, code: "VALID" });
  // The owner sees which machine has picked up the new key and which still needs it.
  await owner.page.goto(`/licenses/${mine.licenseId}`);
  const adoption = owner.page.getByRole("region", { name: "Who has the new key" });
  await expect(adoption).toContainText("1 of 2 devices are on the new key");
  await expect(adoption.getByRole("row", { name: /build-updated/ })).toContainText("New key");
  await expect(adoption.getByRole("row", { name: /build-stale/ })).toContainText("Old key — needs the update");
  // A script that validates without a fingerprint has no device row; the per-key counts still show
  // the old key in use (written every few seconds, so the page is reloaded until they arrive).
  const { fingerprint: _none, ...withoutDevice } = machine("nightly-script", oldKey);
  expect(await validateOnline(withoutDevice)).toMatchObject({ ok: true, code: "VALID_ROTATING" });
  await expect(async () => {
    await owner.page.reload();
    await expect(adoption).toContainText(/old key RK-\S+ was still used for 2 validations/, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  // Another organization's token: this license does not exist for it.
  await expect(rekey(other.token, "key", "pull", mine.licenseId)).rejects.toMatchObject({
    code: 5,
    stderr: expect.stringContaining("NOT_FOUND"),
  });

  // A rotation at a chosen time: the license's upcoming rotation (or a new one) is set for then, nothing switched yet.
  const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const scheduled = JSON.parse((await rekey(other.token, "rotate", theirs.licenseId, "--at", at, "--json")).stdout);
  expect(scheduled).toMatchObject({
    state: expect.stringMatching(/^(planned|notified)$/),
    scheduledFor: at,
    oldKeyValidUntil: null,
  });
  // Their organization starts requiring a second factor for keys: the token made without one stops pulling keys.
  await requireSecondFactorForKeys(other.page);
  await expect(rekey(other.token, "key", "pull", theirs.licenseId)).rejects.toMatchObject({
    code: 4,
    stderr: expect.stringContaining("SECOND_FACTOR_REQUIRED"),
  });
  await other.context.close();

  // The owner revokes the token (after a confirmation); the CLI then gets 401.
  await owner.page.goto("/settings/api-tokens");
  await owner.page.getByRole("button", { name: "Revoke" }).click();
  await owner.page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(owner.page.getByRole("row", { name: /deploy pipeline/ })).toContainText("revoked");
  await expect(rekey(owner.token, "licenses")).rejects.toMatchObject({
    code: 3,
    stderr: expect.stringContaining("UNAUTHENTICATED"),
  });
  await owner.context.close();
  await rm(workDir, { recursive: true, force: true });
});
