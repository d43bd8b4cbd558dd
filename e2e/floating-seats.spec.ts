import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { borrowLease, checkoutLease, createJwksCache, releaseLease, renewLease } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { provisionOwnLicensedCustomer } from "./vendor-journey";

const run = promisify(execFile);

/**
 * Issue 18, floating seats end to end on its own product, customer and license (no demo data): an
 * admin makes a floating edition with borrowing, six machines race through the SDK for five
 * seats, the owner sees and releases a lease in the portal, and a borrowed seat's license file
 * verifies offline with the Python client (PyJWT) until the borrowing ends and not after.
 */
test("six machines race for five floating seats through the SDK; the owner releases one in the portal; a borrowed seat's file verifies with PyJWT until its end", async ({
  browser,
}) => {
  test.setTimeout(240_000); // admin forms, an invitation, six racing clients and a Python process
  const suffix = randomUUID().slice(0, 6);
  const productName = `Floating CAD ${suffix}`;
  const productCode = `fcad-${suffix}`;

  const { page, key, close } = await provisionOwnLicensedCustomer(browser, {
    product: { name: productName, code: productCode },
    edition: { name: "Network", code: "network" },
    seats: 5,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Seats counted").selectOption("floating");
      await newEdition.getByLabel("Longest borrowing (days)").fill("7");
    },
    editionSummary: "Floating (15-minute leases, borrow up to 7 days)",
  });

  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  const machine = (i: number) => ({
    baseUrl: e2eBaseUrl,
    key,
    product: productCode,
    jwks,
    fingerprint: `floating-${suffix}-${i}`,
    name: `cad-station-${i}`,
  });
  const raced = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => checkoutLease(machine(i))));
  const granted = raced.filter((answer) => answer.ok);
  expect(granted).toHaveLength(5);
  expect(raced.filter((answer) => !answer.ok)).toEqual([
    expect.objectContaining({ reason: "refused", code: "NO_FLOATING_SEAT" }),
  ]);
  const waiting = raced.findIndex((answer) => !answer.ok);
  const holder = raced.findIndex((answer) => answer.ok);

  // The owner sees who holds each seat and frees one; that machine's next renewal is refused.
  await page.getByRole("link", { name: "Floating seats" }).click();
  const leases = page.getByRole("table", { name: "Current floating leases" });
  await expect(leases.getByRole("row")).toHaveCount(6);
  await leases.getByRole("button", { name: `Release the seat held by cad-station-${holder}` }).click();
  await page.getByRole("button", { name: "Release seat" }).click();
  await expect(leases.getByRole("row")).toHaveCount(5);
  expect(await renewLease(machine(holder))).toMatchObject({ ok: false, reason: "refused", code: "NOT_ACTIVATED" });

  // The machine that waited borrows the freed seat for 7 days and gets a file for offline use.
  const borrowed = await borrowLease({ ...machine(waiting), days: 7 });
  expect(borrowed).toMatchObject({ ok: true, lease: { kind: "borrowed", seats: { total: 5, taken: 5 } } });
  if (!borrowed.ok) return;
  const workDir = test.info().outputPath("borrowed");
  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, "borrowed.lic"), borrowed.lease.licenseFile!);
  const { stdout } = await run(
    "/usr/bin/python3",
    [
      "-c",
      [
        "import os, datetime",
        "from rekey_client import Client, verify_license_file as verify",
        "file = open(os.environ['FILE']).read(); keys = Client(os.environ['REKEY_URL']).jwks",
        "end = datetime.datetime.fromtimestamp(int(os.environ['END']), datetime.timezone.utc)",
        "now = verify(file, keys, fingerprint=os.environ['FP'], product=os.environ['PRODUCT'])",
        "after = verify(file, keys, fingerprint=os.environ['FP'], product=os.environ['PRODUCT'], now=end + datetime.timedelta(seconds=1))",
        "print(now.code, now.claims['borrowed'], now.claims['lease'], after.code)",
      ].join("\n"),
    ],
    {
      env: {
        ...process.env,
        PYTHONPATH: "packages/python",
        REKEY_URL: e2eBaseUrl,
        FILE: path.join(workDir, "borrowed.lic"),
        END: String(borrowed.lease.expiresAt.getTime() / 1000),
        FP: machine(waiting).fingerprint,
        PRODUCT: productCode,
      },
    },
  );
  expect(stdout.trim()).toBe(`VALID True ${borrowed.lease.leaseId} EXPIRED`);

  // Returning the borrowed seat early frees it for another machine.
  expect(await releaseLease(machine(waiting))).toMatchObject({ ok: true, leaseId: borrowed.lease.leaseId });
  expect(await checkoutLease(machine(holder))).toMatchObject({ ok: true });
  await close();
});
