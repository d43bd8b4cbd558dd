import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { customerOfThisFile, revealOwnKey } from "./customers";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";
const PYTHON_PACKAGE = "packages/python";

/** Runs the Python client from the repository's source, as its own unittest suite does. */
function python(code: string, env: NodeJS.ProcessEnv) {
  return run(PYTHON, ["-c", code], { env: { ...env, PYTHONPATH: PYTHON_PACKAGE } });
}

test.describe("the Python client against the production build", () => {
  const customer = customerOfThisFile({
    licenses: [{ product: "studio", edition: "professional", seats: 5 }],
  });
  test.use({ storageState: customer.signedIn });

  test("verifies, validates, activates, heartbeats and activates offline with a real key, license file and offline answer", async ({
    page,
  }) => {
    test.setTimeout(180_000); // three Python processes and the unittest run on a shared machine
    const workDir = test.info().outputPath("python-client");
    mkdirSync(workDir, { recursive: true });
    const file = (name: string) => path.join(workDir, name);

    const licensePage = customer.get().licensePaths[0]!;
    const key = await revealOwnKey(page, licensePage);
    const licenseDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download license file" }).click();
    copyFileSync((await (await licenseDownload).path())!, file("license.lic"));

    const offlineMachine = `python-air-gapped-${randomUUID()}`;
    const env = {
      ...process.env,
      REKEY_URL: e2eBaseUrl,
      REKEY_PRODUCT: "studio",
      REKEY_LICENSE_KEY: key,
      REKEY_LICENSE_FILE: file("license.lic"),
      REKEY_OFFLINE_FINGERPRINT: offlineMachine,
      REKEY_OFFLINE_REQUEST_FILE: file("activation-request.json"),
      REKEY_OFFLINE_LICENSE_FILE: file("offline.lic"),
      REKEY_OFFLINE_DEACTIVATION_REQUEST_FILE: file("deactivation-request.json"),
    };
    const request = await python(
      'import os; from rekey_client import create_offline_activation_request as make, offline_request_file as text; print(text(make(key=os.environ["REKEY_LICENSE_KEY"], fingerprint=os.environ["REKEY_OFFLINE_FINGERPRINT"], product="studio", name="Python-Lab-PC")), end="")',
      env,
    );
    writeFileSync(env.REKEY_OFFLINE_REQUEST_FILE, request.stdout);
    await page.goto(`${licensePage}/devices`);
    const activateOffline = page.getByRole("region", { name: "Activate a machine", exact: true });
    await activateOffline
      .getByLabel("Activation request file", { exact: true })
      .setInputFiles(env.REKEY_OFFLINE_REQUEST_FILE);
    await activateOffline.getByRole("button", { name: "Activate offline" }).click();
    const offlineDownload = page.waitForEvent("download");
    await activateOffline.getByRole("link", { name: "Download license file" }).click();
    copyFileSync((await (await offlineDownload).path())!, env.REKEY_OFFLINE_LICENSE_FILE);

    const unittest = await run(
      PYTHON,
      ["-m", "unittest", "discover", "-v", "-s", `${PYTHON_PACKAGE}/tests`, "-t", PYTHON_PACKAGE, "-p", "live_*.py"],
      { env },
    ).catch((failed: { stdout: string; stderr: string; code: number }) => failed);
    // scripts/test.mjs counts these tests in its final line from unittest's own summary.
    if (process.env.REKEY_PYTHON_LIVE_LOG) writeFileSync(process.env.REKEY_PYTHON_LIVE_LOG, unittest.stderr);
    expect(unittest.stderr, unittest.stderr).toMatch(/\nOK\s*$/);

    // Gives the air-gapped machine's seat back with the request the Python client made.
    const deactivateOffline = page.getByRole("region", { name: "Deactivate a machine", exact: true });
    await deactivateOffline
      .getByLabel("Deactivation request file")
      .setInputFiles(env.REKEY_OFFLINE_DEACTIVATION_REQUEST_FILE);
    await deactivateOffline.getByRole("button", { name: "Deactivate offline" }).click();
    const receiptDownload = page.waitForEvent("download");
    await deactivateOffline.getByRole("link", { name: "Download deactivation receipt" }).click();
    copyFileSync((await (await receiptDownload).path())!, file("receipt.jws"));
    const receipt = await python(
      'import json, os; from rekey_client import Client, verify_deactivation_receipt as check; c = Client(os.environ["REKEY_URL"]); print(check(open(os.environ["RECEIPT"]).read(), c.jwks, request=json.load(open(os.environ["REKEY_OFFLINE_DEACTIVATION_REQUEST_FILE"]))))',
      { ...env, RECEIPT: file("receipt.jws") },
    );
    expect(receipt.stdout.trim()).toBe("True");
  });
});
