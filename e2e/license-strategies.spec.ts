import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { activate, checkForUpdate, createJwksCache, recordUsage, validateOnline } from "../packages/sdk/src";
import { releaseManagementApi } from "../testing/release-downloads";
import { e2eBaseUrl } from "./base-url";
import { managementApi, managementTokenFile, provisionCustomer, revealOwnKey } from "./customers";
import { authFile, giveStaffReason } from "./fixtures";
import { provisionOwnLicensedCustomer } from "./vendor-journey";

/**
 * Issue 18, the overage strategies end to end on a product, customer and license of their own (no
 * demo data): clients race through the SDK against the production build on PostgreSQL, the
 * strategy's allowance holds under the race, the right code answers beyond it, and the portal's
 * usage bar shows the overage with the rule in force. The rule itself (each strategy's allowance)
 * is tested in lib/usage/record-usage.test.ts.
 */

const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });

test("eight clients race past a quota of 4 that allows 125 %: exactly five records count, the rest hear QUOTA_EXHAUSTED, and the portal shows one over", async ({
  browser,
}) => {
  test.setTimeout(240_000); // admin forms and an invitation on a loaded machine
  const suffix = randomUUID().slice(0, 6);
  const productCode = `ovg-${suffix}`;
  const { page, key, close } = await provisionOwnLicensedCustomer(browser, {
    product: { name: `Overage Render ${suffix}`, code: productCode },
    edition: { name: "Burst", code: "burst" },
    seats: 1,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Usage quotas").fill("renders = 4 / month");
      await newEdition.getByLabel("Past a usage quota").selectOption("up_to_125_percent");
    },
    editionSummary: "4 renders / month (up to 125 %)",
  });

  // 125 % of 4 is 5: the license row lock lets exactly five of the eight racing records through.
  const client = { baseUrl: e2eBaseUrl, key, product: productCode, jwks, meter: "renders" };
  const raced = await Promise.all(
    Array.from({ length: 8 }, (_, i) => recordUsage({ ...client, id: `render-${suffix}-${i}` })),
  );
  const counted = raced.filter((answer) => answer.ok);
  expect(counted).toHaveLength(5);
  expect(counted.map((answer) => answer.ok && answer.usage.overageStrategy)).toEqual(
    Array(5).fill("up_to_125_percent"),
  );
  for (const answer of raced.filter((candidate) => !candidate.ok))
    expect(answer).toMatchObject({ reason: "refused", code: "QUOTA_EXHAUSTED" });
  // A client retrying a counted record is told where the quota stands, and nothing more is counted.
  const countedId = `render-${suffix}-${raced.findIndex((answer) => answer.ok)}`;
  expect(await recordUsage({ ...client, id: countedId })).toMatchObject({
    ok: true,
    replayed: true,
    code: "QUOTA_EXHAUSTED",
    usage: { limit: 4, used: 5, remaining: 0, overage: 1 },
  });

  await page.reload();
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByRole("meter", { name: "renders: 5 of 4 used this month" })).toBeVisible();
  await expect(usage.getByText("5 of 4 this month (1 over)")).toBeVisible();
  await expect(usage.getByText("Use may run up to 125 % of the quota")).toBeVisible();
  await close();
});

test("an edition that restricts at expiry: the SDK hears the strategy in force, and the owner's page says which feature keeps working and where to renew", async ({
  browser,
}) => {
  test.setTimeout(240_000); // admin forms and an invitation on a loaded machine
  const suffix = randomUUID().slice(0, 6);
  const productCode = `rst-${suffix}`;
  const { page, key, close } = await provisionOwnLicensedCustomer(browser, {
    product: { name: `Restricted Draw ${suffix}`, code: productCode },
    edition: { name: "Term", code: "term" },
    seats: 1,
    features: [
      { name: "PDF export", code: "pdf" },
      { name: "Batch render", code: "batch" },
    ],
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Default term (days)").fill("365");
      const entitlements = newEdition.getByRole("group", { name: "Entitlements" });
      for (const feature of ["PDF export", "Batch render"]) await entitlements.getByLabel(feature).check();
      await newEdition.getByLabel("After expiry").selectOption("restrict");
      await newEdition.getByRole("group", { name: "Features kept after expiry" }).getByLabel("PDF export").check();
    },
    editionSummary: "Keeps pdf",
  });

  // Before expiry every feature works and the answer already names the strategy the client will face.
  const machine = { baseUrl: e2eBaseUrl, key, product: productCode, jwks, fingerprint: `restrict-${suffix}` };
  expect(await activate({ ...machine, name: "drawing-office" })).toMatchObject({ ok: true });
  const answer = await validateOnline(machine);
  expect(answer).toMatchObject({ valid: true, code: "VALID", license: { expiryStrategy: "restrict" } });
  expect(answer.ok && [...answer.license!.entitlements].sort()).toEqual(["batch", "pdf"]);

  // The owner reads, before it matters, what keeps working once the term and its grace are over.
  await page.reload();
  const renewal = page.getByRole("region", { name: "Renewal" });
  await expect(renewal).toContainText("only PDF export keeps working");
  await expect(renewal).toContainText("Renewing keeps the same key");
  await close();
});

const reason = { reasonCategory: "customer_request", reason: "e2e: expiry strategies after the term" } as const;

/** A product of its own with one edition per expiry strategy, made through the management API. */
async function makeExpiryProduct(code: string) {
  const { call, dispose } = await managementApi();
  try {
    const product = (await call("POST", "products", { code, name: `Expiry ${code}`, ...reason })) as { id: string };
    const feature = async (featureCode: string, name: string) =>
      (
        (await call("POST", `products/${product.id}/features`, { code: featureCode, name, ...reason })) as {
          id: string;
        }
      ).id;
    const pdf = await feature("pdf", "PDF export");
    const batch = await feature("batch", "Batch render");
    const edition = (editionCode: string, expiryStrategy: string, featureIdsAfterExpiry: string[] = []) =>
      call("POST", `products/${product.id}/editions`, {
        code: editionCode,
        name: editionCode,
        featureIds: [pdf, batch],
        defaultSeats: 1,
        defaultTermDays: 365,
        defaultOfflineGraceDays: 0,
        expiryStrategy,
        featureIdsAfterExpiry,
        ...reason,
      }) as Promise<{ id: string }>;
    await edition("keeps", "restrict", [pdf]);
    const versions = await edition("versions", "maintain_access");
    await edition("stops", "revoke_after_grace");
    return { productId: product.id, versionsEditionId: versions.id };
  } finally {
    await dispose();
  }
}

/** Support or an admin ends a license's term from the admin license page; says what the dialog previewed. */
async function endTermFromAdminPage(page: Page, licensePath: string, confirmLabel: string) {
  await page.goto(`/admin${licensePath}`);
  await page.getByRole("button", { name: "End the term now…" }).click();
  const dialog = page.getByRole("dialog", { name: "End this license's term now?" });
  const preview = (await dialog.getByRole("list").first().textContent()) ?? "";
  await giveStaffReason(dialog, "chargeback on the renewal invoice");
  await dialog.getByRole("button", { name: confirmLabel }).click();
  return preview;
}

async function staffPage(browser: Browser, who: "admin" | "support") {
  const context = await browser.newContext({ baseURL: e2eBaseUrl, storageState: authFile(who) });
  return { page: await context.newPage(), close: () => context.close() };
}

test("staff end three terms now: the SDK hears each edition's expiry strategy, only releases from before the end are offered, and the owner's page says what still works and where to renew", async ({
  browser,
}) => {
  test.setTimeout(240_000); // three licenses, staff dialogs and an approval on a loaded machine
  const productCode = `exp-${randomUUID().slice(0, 6)}`;
  const { productId, versionsEditionId } = await makeExpiryProduct(productCode);
  const customer = await provisionCustomer({
    licenses: ["keeps", "versions", "stops"].map((edition) => ({ product: productCode, edition, seats: 1 })),
  });
  const [keepsPath, versionsPath, stopsPath] = customer.licensePaths as [string, string, string];
  const ownerContext = await browser.newContext({ baseURL: e2eBaseUrl, storageState: customer.storageState });
  const owner = await ownerContext.newPage();
  const client = (key: string) => ({ baseUrl: e2eBaseUrl, key, product: productCode, jwks });
  const keys = {
    keeps: await revealOwnKey(owner, keepsPath),
    versions: await revealOwnKey(owner, versionsPath),
    stops: await revealOwnKey(owner, stopsPath),
  };
  const { token } = JSON.parse(readFileSync(managementTokenFile, "utf8")) as { token: string };
  const releases = releaseManagementApi(e2eBaseUrl, token);
  const publish = async (version: string) => {
    const release = await releases.draft({ productId, version, requiredEditionId: versionsEditionId });
    await releases.upload(
      release.id,
      { platform: "linux", arch: "x64", fileName: `draw-${version}.tar.gz` },
      randomBytes(1024),
    );
    await releases.publish(release.id);
  };
  await publish("1.0.0");

  const admin = await staffPage(browser, "admin");
  await test.step("an admin ends the restrict and maintain_access terms at once, after a preview of what keeps working", async () => {
    const keepsPreview = await endTermFromAdminPage(admin.page, keepsPath, "End the term now");
    expect(keepsPreview).toContain("only PDF export keeps working");
    await expect(admin.page.getByText("Term ended; the owners have been emailed.")).toBeVisible();
    const versionsPreview = await endTermFromAdminPage(admin.page, versionsPath, "End the term now");
    expect(versionsPreview).toContain("stay downloadable");
    await expect(admin.page.getByText("Term ended; the owners have been emailed.")).toBeVisible();
  });

  await test.step("support's request to end the revoke_after_grace term waits for the admin's approval", async () => {
    const support = await staffPage(browser, "support");
    await endTermFromAdminPage(support.page, stopsPath, "Ask for approval");
    await expect(support.page.getByText(/Sent for approval/)).toBeVisible();
    await support.close();
    expect(await validateOnline(client(keys.stops))).toMatchObject({ ok: true, valid: true, code: "VALID" });
    await admin.page.goto("/admin/approvals");
    const licenseId = stopsPath.split("/").pop()!;
    await admin.page
      .getByRole("listitem", { name: `End license term now ${licenseId}` })
      .getByRole("button", { name: "Approve" })
      .click();
    const approve = admin.page.getByRole("dialog", { name: /Approve: End license term now/ });
    await giveStaffReason(approve, "chargeback confirmed");
    await approve.getByRole("button", { name: "Approve and run" }).click();
    await expect(approve).toBeHidden();
  });
  await admin.close();
  await publish("1.1.0");

  await test.step("the SDK hears the strategy in force for each license", async () => {
    const restricted = await validateOnline(client(keys.keeps));
    expect(restricted).toMatchObject({ ok: true, valid: true, code: "EXPIRED", keptAccess: { strategy: "restrict" } });
    expect(restricted.ok && restricted.license!.entitlements).toEqual(["pdf"]);
    expect(await validateOnline(client(keys.versions))).toMatchObject({
      ok: true,
      valid: true,
      code: "EXPIRED",
      keptAccess: { strategy: "maintain_access", releasedBefore: expect.any(String) },
    });
    // A new product has no grace after expiry (no policy gives one), so the key stops at once.
    expect(await validateOnline(client(keys.stops))).toMatchObject({ ok: true, valid: false, code: "EXPIRED" });
  });

  await test.step("under maintain_access the release from before the end is offered, the later one is not", async () => {
    const update = await checkForUpdate({ ...client(keys.versions), version: "0.9.0", platform: "linux", arch: "x64" });
    expect(update).toMatchObject({ ok: true, update: { version: "1.0.0" } });
    expect(
      await checkForUpdate({ ...client(keys.versions), version: "1.0.0", platform: "linux", arch: "x64" }),
    ).toEqual({
      ok: true,
      update: null,
    });
  });

  await test.step("the owner's pages say what still works and where to renew", async () => {
    for (const [path, says] of [
      [keepsPath, "only PDF export keeps working until it is renewed"],
      [versionsPath, "keep working until it is renewed"],
      [stopsPath, "its licensed features have stopped"],
    ] as const) {
      await owner.goto(path);
      const renewal = owner.getByRole("region", { name: "Renewal" });
      await expect(renewal).toContainText(says);
      await expect(renewal).toContainText(/renew/i);
    }
  });
  await ownerContext.close();
});
