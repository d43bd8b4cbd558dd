import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { checkForUpdate, createJwksCache, verifyArtifact } from "../packages/sdk/src";
import {
  downloadCutAndResumed,
  longExpiredMintTime,
  mintDownloadLink,
  releaseManagementApi,
  sha256Hex,
  verifyDigestWithPyJwt,
} from "../testing/release-downloads";
import { e2eBaseUrl } from "./base-url";
import { managementApi, managementTokenFile, provisionCustomer, revealOwnKey } from "./customers";
import { authFile, giveStaffReason, mailLink } from "./fixtures";

const reason = { reasonCategory: "customer_request", reason: "e2e releases journey" } as const;
const MB = 1024 * 1024;
/** Issue 19's acceptance: a 5 MB artifact, big enough that a download arrives in many pieces and can be cut. */
const BUILD_BYTES = 5 * MB;
/** Written by scripts/e2e-server.mjs: the throwaway server's link secret, so the spec can hold links the server's own signer made. */
const { hmacSecret } = JSON.parse(readFileSync("e2e/.auth/server-secrets.json", "utf8")) as { hmacSecret: string };

/** A product of its own with a Pro and a Basic edition (no demo data), made through the management API. */
async function makeProduct(code: string, name: string) {
  const { call, dispose } = await managementApi();
  try {
    const product = (await call("POST", "products", { code, name, ...reason })) as { id: string };
    const editionIds: Record<string, string> = {};
    for (const [editionCode, editionName] of [
      ["pro", "Pro"],
      ["basic", "Basic"],
    ] as const) {
      const edition = (await call("POST", `products/${product.id}/editions`, {
        code: editionCode,
        name: editionName,
        featureIds: [],
        defaultSeats: 2,
        defaultTermDays: 365,
        defaultOfflineGraceDays: 7,
        ...reason,
      })) as { id: string };
      editionIds[editionCode] = edition.id;
    }
    return { productId: product.id, editionIds };
  } finally {
    await dispose();
  }
}

async function signedInAs(browser: Browser, customer: Awaited<ReturnType<typeof provisionCustomer>>) {
  const context = await browser.newContext({ baseURL: e2eBaseUrl, storageState: customer.storageState });
  return { context, page: await context.newPage(), licenseId: customer.licensePaths[0]!.split("/").pop()! };
}

/**
 * Issue 19's acceptance journey on disk storage, on a product and customers made for it: the Pro
 * owner opts in to release news; 1.1.0 comes from the vendor's systems (management API), then an
 * admin drafts, uploads a 5 MB build and publishes 1.2.0 for the Pro edition in the admin view. The
 * owner is emailed, sees 1.2.0 as latest, downloads it, resumes a cut download with a range
 * request, checks the checksum and verifies the signed digest with PyJWT; the SDK finds and
 * verifies it too. A Basic customer sees nothing and is refused every way to the file; an expired
 * link is refused; once yanked, 1.2.0 is no longer latest and its links stop working.
 * scripts/release-storage-check.ts walks the same downloads on S3-compatible storage.
 */
test("an admin publishes a 5 MB release for an edition: the entitled owner downloads, resumes and verifies it, others are refused, and a yank withdraws it", async ({
  browser,
}) => {
  // Three people, two releases, a 5 MB upload and download, a Python run and the worker's email pass.
  test.setTimeout(300_000);
  const suffix = randomUUID().slice(0, 6);
  const productCode = `relay-${suffix}`;
  const productName = `Relay ${suffix}`;
  const { productId, editionIds } = await makeProduct(productCode, productName);
  const proCustomer = await provisionCustomer({
    licenses: [{ product: productCode, edition: "pro", seats: 2 }],
  });
  const basicCustomer = await provisionCustomer({
    licenses: [{ product: productCode, edition: "basic", seats: 2 }],
  });
  const downloadsPath = `${proCustomer.licensePaths[0]}/downloads`;
  const owner = await signedInAs(browser, proCustomer);

  await test.step("the owner opts in to release emails", async () => {
    await owner.page.goto(downloadsPath);
    await expect(owner.page.getByText("No releases yet")).toBeVisible();
    const notices = owner.page.getByRole("region", { name: "New release notices" });
    await notices.getByRole("button", { name: "Email me about new releases" }).click();
    await expect(notices.getByRole("button", { name: "Stop release emails" })).toBeVisible();
  });

  await test.step("the vendor's systems publish 1.1.0 for Pro through the management API", async () => {
    const { token } = JSON.parse(readFileSync(managementTokenFile, "utf8")) as { token: string };
    const api = releaseManagementApi(e2eBaseUrl, token);
    const release = await api.draft({ productId, version: "1.1.0", requiredEditionId: editionIds.pro });
    await api.upload(
      release.id,
      { platform: "linux", arch: "x64", fileName: "relay-1.1.0-linux-x64.tar.gz" },
      randomBytes(64 * 1024),
    );
    await api.publish(release.id);
  });

  const build = randomBytes(BUILD_BYTES);
  const sha256 = sha256Hex(build);
  const adminContext = await browser.newContext({ baseURL: e2eBaseUrl, storageState: authFile("admin") });
  const admin = await adminContext.newPage();
  await test.step("an admin drafts 1.2.0 for Pro, uploads the 5 MB build and publishes it", async () => {
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
  });

  const latest = owner.page.getByRole("region", { name: "Latest for Linux: 1.2.0" });
  const downloadLink = latest.getByRole("link", { name: /Download relay-1\.2\.0-linux-x64\.tar\.gz/ });
  await test.step("the email leads the owner to 1.2.0 as latest, and the browser download matches the checksum", async () => {
    // The email links back to the license's Downloads page on the public URL.
    const emailed = await mailLink(owner.page, proCustomer.ownerEmail, `${productName} 1.2.0 is available`);
    expect(emailed).toBe(`${e2eBaseUrl}${downloadsPath}`);
    await owner.page.goto(emailed);
    await expect(latest.getByText(`SHA-256 ${sha256}`)).toBeVisible();
    const downloading = owner.page.waitForEvent("download");
    await downloadLink.click();
    const downloaded = await readFile((await (await downloading).path())!);
    expect(sha256Hex(downloaded)).toBe(sha256);
  });

  const portalHref = (await downloadLink.getAttribute("href"))!;
  const artifactId = portalHref.split("/").pop()!;
  const redirect = await owner.page.request.get(portalHref, { maxRedirects: 0 });
  expect(redirect.status()).toBe(303);
  const signedLink = redirect.headers().location!;
  expect(signedLink.startsWith(`${e2eBaseUrl}/api/v1/releases/download?token=`)).toBe(true);

  await test.step("a cut download resumes with a range request, and the joined bytes match the checksum", async () => {
    const joined = await downloadCutAndResumed(signedLink, { cutAfterBytes: 2 * MB });
    expect(joined.length).toBe(BUILD_BYTES);
    expect(sha256Hex(joined)).toBe(sha256);
  });

  await test.step("the signature file verifies with PyJWT against the JWKS and names this file's digest", async () => {
    const signature = await (await owner.page.request.get(`${portalHref}?file=signature`)).text();
    const claims = await verifyDigestWithPyJwt({
      signature,
      jwksUrl: `${e2eBaseUrl}/.well-known/jwks.json`,
      product: productCode,
    });
    expect(claims).toMatchObject({ sha256, size: BUILD_BYTES, sub: artifactId, aud: productCode });
  });

  await test.step("a link past its time is refused", async () => {
    const expired = await fetch(
      mintDownloadLink(e2eBaseUrl, hmacSecret, { artifactId, licenseId: owner.licenseId }, longExpiredMintTime()),
    );
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: "LINK_EXPIRED" });
  });

  await test.step("a customer of the Basic edition sees no release and is refused every way to the file", async () => {
    const other = await signedInAs(browser, basicCustomer);
    await other.page.goto(`${basicCustomer.licensePaths[0]}/downloads`);
    await expect(other.page.getByText("No releases yet")).toBeVisible();
    await expect(other.page.getByText(/1\.[12]\.0/)).toHaveCount(0);
    // Through its own license, through the Pro owner's link, and with a link the server's signer made for it.
    const ownLicenseLink = `${basicCustomer.licensePaths[0]}/downloads/${artifactId}`;
    for (const path of [ownLicenseLink, `${ownLicenseLink}?file=signature`, portalHref])
      expect((await other.page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
    const minted = await fetch(mintDownloadLink(e2eBaseUrl, hmacSecret, { artifactId, licenseId: other.licenseId }));
    expect(minted.status).toBe(404);
    await other.context.close();
  });

  const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });
  const key = await revealOwnKey(owner.page, proCustomer.licensePaths[0]!);
  const asked = { baseUrl: e2eBaseUrl, key, product: productCode, platform: "linux", arch: "x64", jwks } as const;
  await test.step("the SDK finds 1.2.0 as the update and verifies its bytes, refusing a tampered copy", async () => {
    const found = await checkForUpdate({ ...asked, version: "1.0.0" });
    if (!found.ok || !found.update) throw new Error(`expected an update, got ${JSON.stringify(found)}`);
    expect(found.update).toMatchObject({ version: "1.2.0", artifact: { sha256, size: BUILD_BYTES } });
    const bytes = new Uint8Array(await (await fetch(found.update.artifact.downloadUrl)).arrayBuffer());
    expect(await verifyArtifact(bytes, found.update.artifact.signature, { jwks, product: productCode })).toMatchObject({
      ok: true,
    });
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 1]! ^= 0xff;
    expect(
      await verifyArtifact(tampered, found.update.artifact.signature, { jwks, product: productCode }),
    ).toMatchObject({ ok: false, reason: "digest_mismatch" });
    expect(await checkForUpdate({ ...asked, version: "1.2.0" })).toEqual({ ok: true, update: null });
  });

  await test.step("once the admin yanks 1.2.0, 1.1.0 is latest again and 1.2.0's links stop working", async () => {
    const yank = admin.getByRole("region", { name: "Yank" });
    await giveStaffReason(yank, "1.2.0 corrupts relays");
    await yank.getByRole("button", { name: "Yank release" }).click();
    await expect(admin.getByText("stable channel · yanked")).toBeVisible();
    await adminContext.close();

    await owner.page.goto(downloadsPath);
    await expect(owner.page.getByRole("region", { name: "Latest for Linux: 1.1.0" })).toBeVisible();
    await expect(owner.page.getByRole("heading", { name: /Version 1\.2\.0/ })).toHaveCount(0);
    expect((await fetch(signedLink)).status).toBe(404);
    const offered = await checkForUpdate({ ...asked, version: "1.0.0" });
    expect(offered.ok && offered.update?.version).toBe("1.1.0");
    expect(await checkForUpdate({ ...asked, version: "1.1.0" })).toEqual({ ok: true, update: null });
  });
  await owner.context.close();
});
