import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { HELP_SNIPPETS } from "../lib/help/snippets";
import { VALIDATION_CODE_GUIDE } from "../lib/licensing/validation-codes";
import { installSdk, packSdk } from "../scripts/sdk-package";
import { e2eBaseUrl } from "./base-url";
import { customerOfThisFile, revealOwnKey } from "./customers";

const run = promisify(execFile);
const snippetFile = (id: (typeof HELP_SNIPPETS)[number]["id"]) =>
  HELP_SNIPPETS.find((snippet) => snippet.id === id)!.file;

test.describe("help page and its integration snippets", () => {
  const owner = customerOfThisFile({
    licenses: [{ product: "studio", edition: "professional", seats: 5 }],
  });
  test.use({ storageState: owner.signedIn });

  test("every snippet on the help page runs against the live portal with a real key and license file", async ({
    page,
  }) => {
    const key = await revealOwnKey(page, owner.get().licensePaths[0]!);
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download license file" }).click();
    const licenseFile = test.info().outputPath("license.lic");
    copyFileSync((await (await downloadPromise).path())!, licenseFile);
    const env = {
      ...process.env,
      REKEY_URL: e2eBaseUrl,
      REKEY_LICENSE_KEY: key,
      REKEY_LICENSE_FILE: licenseFile,
      REKEY_PRODUCT: "studio",
    };

    const curl = await run("sh", [snippetFile("curl")], { env });
    expect(JSON.parse(curl.stdout)).toMatchObject({ valid: true, code: "VALID", license: { product: "studio" } });

    test.setTimeout(120_000); // packing and installing the SDK adds tens of seconds on a shared machine
    // As customers run it: plain node, in a project where the packed SDK is installed (no tsx, no sources).
    // Outside the checkout: Node would otherwise find a dependency the packed SDK lacks in the checkout's node_modules.
    const customer = mkdtempSync(path.join(tmpdir(), "rekey-sdk-customer-"));
    try {
      const { tarball } = await packSdk({
        buildDir: path.join(customer, "build"),
        destination: path.join(customer, "tarballs"),
      });
      await installSdk({ tarball, projectDir: path.join(customer, "app") });
      copyFileSync(snippetFile("node"), path.join(customer, "app", path.basename(snippetFile("node"))));
      // NODE_OPTIONS could carry the test runner's loaders; the customer's Node has none.
      const node = await run(process.execPath, [path.basename(snippetFile("node"))], {
        env: { ...env, NODE_OPTIONS: "" },
        cwd: path.join(customer, "app"),
      });
      expect(node.stdout).toContain("online: VALID");
      expect(node.stdout).toContain("offline: VALID");
    } finally {
      rmSync(customer, { recursive: true, force: true });
    }

    const python = await run("/usr/bin/python3", [snippetFile("python")], { env });
    expect(JSON.parse(python.stdout)).toMatchObject({
      license: page.url().split("/licenses/")[1]!.split("#")[0],
      edition: "professional",
      seats: 5,
      trial: false,
      valid: true,
    });
  });

  test("the help page shows every snippet's source, the rotation diagram and every validation code, without signing in", async ({
    browser,
  }) => {
    const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await anonymous.newPage();
    await page.goto("/help");
    await expect(page.getByRole("heading", { name: "Help", level: 1 })).toBeVisible();
    await expect(page.getByRole("img", { name: "Timeline of a key rotation" })).toBeVisible();
    for (const snippet of HELP_SNIPPETS) {
      const section = page.getByRole("region", { name: snippet.title });
      await expect(section.locator("code").first()).toHaveText(readFileSync(snippet.file, "utf8"), {
        useInnerText: false,
      });
    }
    const codes = page.getByRole("table", { name: "Validation and activation codes" });
    for (const code of [...Object.keys(VALIDATION_CODE_GUIDE), "PIN_REQUIRED", "PIN_INVALID"]) {
      await expect(codes.getByRole("rowheader", { name: code, exact: true })).toBeVisible();
    }
    await page.goto("/status");
    await expect(page.getByRole("heading", { name: "Components" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Subscribe to updates" })).toBeVisible();
    await anonymous.close();
  });
});
