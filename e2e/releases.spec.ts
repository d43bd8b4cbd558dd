import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { checkForUpdate, createJwksCache, verifyArtifact } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { managementApi, provisionCustomer, revealOwnKey } from "./customers";
import { authFile, giveStaffReason, mailLink } from "./fixtures";

const reason = { reasonCategory: "customer_request", reason: "e2e releases journey" } as const;

/**
 * Issue 19's journey, on a product and customer made for it (no demo data): the owner opts in to
 * release news, an admin drafts, uploads and publishes a release for the owner's edition, the email
 * leads to Downloads, the file downloads with the checksum shown, and the SDK's update check finds
 * it and verifies the bytes against the JWKS, refusing a tampered copy.
 */
test("an admin publishes a release; the opted-in owner is emailed, downloads it, and the SDK finds and verifies it", async ({
  browser,
}) => {
  // Two people, an upload, a sign-in and the worker's email pass: longer than the default.
  test.setTimeout(240_000);
  const suffix = randomUUID().slice(0, 6);
  const productCode = `relay-${suffix}`;
  const productName = `Relay ${suffix}`;
  const { call, dispose } = await managementApi();
  try {
    const product = (await call("POST", "products", { code: productCode, name: productName, ...reason })) as {
      id: string;
    };
    for (const [code, name] of [
      ["pro", "Pro"],
      ["basic", "Basic"],
    ])
      await call("POST", `products/${product.id}/editions`, {
        code,
        name,
        featureIds: [],
        defaultSeats: 2,
        defaultTermDays: 365,
        defaultOfflineGraceDays: 7,
        ...reason,
      });
  } finally {
    await dispose();
  }
  const customer = await provisionCustomer(browser, { licenses: [{ product: productCode, edition: "pro", seats: 2 }] });
  const downloadsPath = `${customer.licensePaths[0]}/downloads`;

  const ownerContext = await browser.newContext({ baseURL: e2eBaseUrl, storageState: customer.storageState });
  const owner = await ownerContext.newPage();
  await owner.goto(downloadsPath);
  await expect(owner.getByText("No releases yet")).toBeVisible();
  const notices = owner.getByRole("region", { name: "New release notices" });
  await notices.getByRole("button", { name: "Email me about new releases" }).click();
  await expect(notices.getByRole("button", { name: "Stop release emails" })).toBeVisible();

  const build = randomBytes(1024 * 1024);
  const sha256 = createHash("sha256").update(build).digest("hex");
  const adminContext = await browser.newContext({ baseURL: e2eBaseUrl, storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/admin/releases");
  const newRelease = admin.getByRole("region", { name: "New release" });
  await newRelease.getByLabel("Product").selectOption({ label: productName });
  await newRelease.getByLabel("Version").fill("1.2.0");
  await newRelease.getByLabel("Required edition (optional)").selectOption({ label: `${productName} — Pro` });
  await newRelease.getByLabel("Release notes (Markdown)").fill("## 1.2.0\n\nFaster relays.");
  await giveStaffReason(newRelease, "1.2.0 ships today");
  await newRelease.getByRole("button", { name: "Draft release" }).click();
  await newRelease.getByRole("link", { name: "Open 1.2.0" }).click();
  await expect(admin.getByRole("heading", { name: "Release 1.2.0" })).toBeVisible();
  const files = admin.getByRole("region", { name: "Files" });
  await files.getByLabel("Platform").selectOption("linux");
  await files.getByLabel("Architecture").selectOption("x64");
  await files
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "relay-1.2.0-linux-x64.tar.gz", mimeType: "application/gzip", buffer: build });
  await files.getByRole("button", { name: "Upload file" }).click();
  await expect(files.getByRole("alert").or(files.getByRole("status"))).toContainText(sha256);
  const publish = admin.getByRole("region", { name: "Publish" });
  await giveStaffReason(publish, "1.2.0 is ready");
  await publish.getByRole("button", { name: "Publish release" }).click();
  // The page re-renders with what the machine now allows: published, with Yank in place of Publish.
  await expect(admin.getByText("stable channel · published")).toBeVisible();
  await adminContext.close();

  // The email links back to the license's Downloads page on the public URL.
  const emailed = await mailLink(owner, customer.ownerEmail, `${productName} 1.2.0 is available`);
  expect(emailed).toBe(`${e2eBaseUrl}${downloadsPath}`);
  await owner.goto(emailed);
  await expect(owner.getByRole("heading", { name: /Version 1\.2\.0/ })).toBeVisible();
  await expect(owner.getByText(`SHA-256 ${sha256}`).first()).toBeVisible();
  const downloading = owner.waitForEvent("download");
  await owner
    .getByRole("region", { name: "All releases" })
    .getByRole("link", { name: /Download relay-1\.2\.0-linux-x64\.tar\.gz/ })
    .click();
  const downloaded = await readFile((await (await downloading).path())!);
  expect(createHash("sha256").update(downloaded).digest("hex")).toBe(sha256);

  const key = await revealOwnKey(owner, customer.licensePaths[0]!);
  await ownerContext.close();
  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  const asked = { baseUrl: e2eBaseUrl, key, product: productCode, platform: "linux", arch: "x64", jwks } as const;
  const found = await checkForUpdate({ ...asked, version: "1.0.0" });
  if (!found.ok || !found.update) throw new Error(`expected an update, got ${JSON.stringify(found)}`);
  expect(found.update).toMatchObject({ version: "1.2.0", artifact: { sha256, size: build.length } });
  const bytes = new Uint8Array(await (await fetch(found.update.artifact.downloadUrl)).arrayBuffer());
  expect(await verifyArtifact(bytes, found.update.artifact.signature, { jwks, product: productCode })).toMatchObject({
    ok: true,
  });
  const tampered = Uint8Array.from(bytes);
  tampered[tampered.length - 1]! ^= 0xff;
  expect(await verifyArtifact(tampered, found.update.artifact.signature, { jwks, product: productCode })).toMatchObject(
    {
      ok: false,
      reason: "digest_mismatch",
    },
  );
  expect(await checkForUpdate({ ...asked, version: "1.2.0" })).toEqual({ ok: true, update: null });
});
