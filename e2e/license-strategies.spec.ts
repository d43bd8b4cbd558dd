import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { activate, createJwksCache, recordUsage, validateOnline } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
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
