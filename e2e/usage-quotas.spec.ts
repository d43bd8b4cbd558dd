import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { createJwksCache, recordUsage } from "../packages/sdk/src";
import { HELP_SNIPPETS } from "../lib/help/snippets";
import { e2eBaseUrl } from "./base-url";
import { mailLink } from "./fixtures";
import { provisionOwnLicensedCustomer } from "./vendor-journey";

const run = promisify(execFile);

/**
 * Issue 18, usage quotas end to end on its own product, customer and license (no demo data): an
 * admin makes an edition metering 5 exports a month with no overage, the help page's curl snippet
 * records one, twelve SDK clients race for the rest and exactly four get in, a retried id counts
 * once, the owner sees the bar and the history, and was emailed at 80 % and at 100 %.
 */
test("twelve clients race for the last four exports of a quota through the SDK; the owner sees the usage and the 80 % and 100 % emails", async ({
  browser,
}) => {
  test.setTimeout(240_000); // admin forms, an invitation, a shell snippet and twelve racing clients
  const suffix = randomUUID().slice(0, 6);
  const productName = `Metered Export ${suffix}`;
  const productCode = `mexp-${suffix}`;
  const { page, key, ownerEmail, close } = await provisionOwnLicensedCustomer(browser, {
    product: { name: productName, code: productCode },
    edition: { name: "Metered", code: "metered" },
    seats: 3,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Usage quotas").fill("exports = 5 / month");
      await newEdition.getByLabel("Past a usage quota").selectOption("none");
    },
    editionSummary: "5 exports / month (refused past it)",
  });

  const snippet = HELP_SNIPPETS.find((candidate) => candidate.id === "usage")!.file;
  const firstId = `first-export-${suffix}`;
  const env = { ...process.env, REKEY_URL: e2eBaseUrl, REKEY_LICENSE_KEY: key, REKEY_METER: "exports" };
  const curl = await run("sh", [snippet], { env: { ...env, REKEY_RECORD_ID: firstId } });
  expect(JSON.parse(curl.stdout)).toMatchObject({ code: "VALID", usage: { used: 1, remaining: 4 } });

  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  const client = { baseUrl: e2eBaseUrl, key, product: productCode, jwks, meter: "exports" };
  const raced = await Promise.all(
    Array.from({ length: 12 }, (_, i) => recordUsage({ ...client, id: `export-${suffix}-${i}` })),
  );
  expect(raced.filter((answer) => answer.ok)).toHaveLength(4);
  for (const answer of raced.filter((candidate) => !candidate.ok))
    expect(answer).toMatchObject({ reason: "refused", code: "QUOTA_EXHAUSTED" });
  expect(await recordUsage({ ...client, id: firstId })).toMatchObject({
    ok: true,
    replayed: true,
    code: "QUOTA_EXHAUSTED",
    usage: { used: 5, remaining: 0 },
  });

  await page.reload();
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByRole("meter", { name: "exports: 5 of 5 used this month" })).toBeVisible();
  await usage.getByRole("link", { name: "Usage history" }).click();
  await expect(page.getByRole("table", { name: "Usage records of this license" }).getByRole("row")).toHaveCount(6);

  const usagePath = new URL(page.url()).pathname;
  for (const reached of ["has used 80 % of its exports quota", "has used all of its exports quota"])
    expect(await mailLink(page, ownerEmail, `Your ${productName} license ${reached}`)).toMatch(
      new RegExp(`${usagePath}$`),
    );
  await close();
});
