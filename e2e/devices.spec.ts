import { readFileSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import type { JSONWebKeySet } from "jose";
import {
  activate,
  createJwksCache,
  createOfflineActivationRequest,
  createOfflineDeactivationRequest,
  deactivate,
  heartbeat,
  offlineRequestFile,
  validateOnline,
  verifyDeactivationReceipt,
  verifyLicenseFile,
  verifyOfflineActivation,
} from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { authFile, confirmRecentSignIn, globexLicenseFile, revealKey } from "./fixtures";

const BASE_URL = e2eBaseUrl;

async function openStudioProfessional(page: Page) {
  await page.goto("/");
  await page
    .getByRole("table", { name: "Your organization's licenses" })
    .getByRole("row", { name: /Rekey Studio Professional/ })
    .getByRole("link")
    .click();
  await expect(page.getByRole("heading", { name: "Rekey Studio · Professional" })).toBeVisible();
}

async function openDevices(page: Page) {
  await openStudioProfessional(page);
  await page.getByRole("region", { name: "Devices" }).getByRole("link", { name: "Manage devices" }).click();
  await expect(page.getByRole("heading", { name: "Devices", level: 1 })).toBeVisible();
}

/** The license key as the customer copies it from the license page. */
async function revealStudioKey(page: Page): Promise<string> {
  await openStudioProfessional(page);
  await confirmRecentSignIn(page, "alice");
  return revealKey(page.getByRole("region", { name: "License key" }));
}

const fingerprint = (label: string) => `${label}-${randomUUID()}`;

test.describe("devices", () => {
  test.use({ storageState: authFile("alice") });

  test("a customer deactivates a device, the seat meter drops, reactivates it, and sees both events in the audit list", async ({
    page,
  }) => {
    await openDevices(page);
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();

    await page.getByRole("button", { name: "Deactivate Design-Mac-02" }).click();
    await expect(page.getByRole("meter", { name: "2 of 5 seats used" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Design-Mac-02/ }).getByText("Deactivated")).toBeVisible();

    await page.getByRole("button", { name: "Reactivate Design-Mac-02" }).click();
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();

    const activity = page
      .getByRole("list", { name: "Device activity" })
      .getByRole("listitem")
      .filter({ hasText: "Design-Mac-02" });
    await expect(activity.filter({ hasText: "deactivated device" })).toContainText("alice@acme.example");
    await expect(activity.filter({ hasText: "reactivated device" })).toContainText("alice@acme.example");
    await openStudioProfessional(page);
    await expect(
      page
        .getByRole("region", { name: "Activity" })
        .getByText(/reactivated device/)
        .first(),
    ).toBeVisible();
  });

  test("a customer renames a device, and a blank name is refused beside the field", async ({ page }) => {
    await openDevices(page);
    await page.getByRole("button", { name: "Rename Render-WS" }).click();
    const dialog = page.getByRole("dialog", { name: "Rename Render-WS" });
    await dialog.getByLabel("Device name").fill("   ");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog.getByText("Enter a name.")).toBeVisible();
    await dialog.getByLabel("Device name").fill("Render-Workstation");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("row", { name: /Render-Workstation/ })).toBeVisible();
  });

  test("reactivation with every seat taken names the devices to free; a bulk selection frees several seats after confirming", async ({
    page,
  }) => {
    const key = await revealStudioKey(page);
    await page.getByRole("region", { name: "Devices" }).getByRole("link", { name: "Manage devices" }).click();
    await page.getByRole("button", { name: "Reactivate Old-Laptop" }).click();
    await expect(page.getByRole("meter", { name: "4 of 5 seats used" })).toBeVisible();
    const spare = await page.request.post("/api/v1/devices/activate", {
      data: { key, fingerprint: fingerprint("spare-pc"), name: "Spare-PC", product: "studio" },
    });
    expect(spare.status()).toBe(201);
    await page.reload();
    await expect(page.getByRole("meter", { name: "5 of 5 seats used" })).toBeVisible();

    const tablet = page.getByRole("row", { name: /Field-Tablet/ });
    await tablet.getByRole("button", { name: "Reactivate Field-Tablet" }).click();
    await expect(page.getByRole("status").filter({ hasText: "All 5 seats are in use" })).toContainText(
      "All 5 seats are in use. Deactivate a device you no longer use first; the longest unseen: Old-Laptop (last seen",
    );
    await expect(page.getByRole("meter", { name: "5 of 5 seats used" })).toBeVisible();

    await page.getByLabel("Select Old-Laptop").check();
    await page.getByLabel("Select Spare-PC").check();
    await page.getByRole("button", { name: "Deactivate selected" }).click();
    const bulk = page.getByRole("dialog", { name: "Deactivate 2 devices?" });
    await expect(bulk.getByRole("listitem")).toHaveText(["Old-Laptop", "Spare-PC"]);
    await bulk.getByRole("button", { name: "Deactivate devices" }).click();
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Spare-PC/ }).getByText("Deactivated")).toBeVisible();
  });

  test("offline round trip: the SDK's request file is uploaded, the device-bound file verifies offline on that machine only, and deactivation comes back as a signed receipt", async ({
    page,
    request,
  }, testInfo) => {
    const key = await revealStudioKey(page);
    const jwks = (await (await request.get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
    const machine = fingerprint("air-gapped-lab-pc");
    const activationRequest = await createOfflineActivationRequest({
      key,
      fingerprint: machine,
      product: "studio",
      name: "Lab-PC",
      platform: "Windows 11",
    });
    const requestPath = testInfo.outputPath("activation-request.json");
    writeFileSync(requestPath, offlineRequestFile(activationRequest));

    await page.goto(`${page.url().replace(/#.*$/, "")}/devices`);
    const activateOffline = page.getByRole("region", { name: "Activate a machine", exact: true });
    await activateOffline.getByLabel("Activation request file", { exact: true }).setInputFiles(requestPath);
    await activateOffline.getByRole("button", { name: "Activate offline" }).click();
    const licenseDownload = page.waitForEvent("download");
    await activateOffline.getByRole("link", { name: "Download license file" }).click();
    const licenseFile = readFileSync((await (await licenseDownload).path())!, "utf8");
    await expect(page.getByRole("meter", { name: "4 of 5 seats used" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Lab-PC/ }).getByText("Offline")).toBeVisible();

    expect(
      await verifyOfflineActivation(licenseFile, jwks, { request: activationRequest, fingerprint: machine }),
    ).toMatchObject({ valid: true, code: "VALID", claims: { aud: "studio" } });
    expect(
      await verifyLicenseFile(licenseFile, jwks, { fingerprint: fingerprint("another-machine"), product: "studio" }),
    ).toMatchObject({ valid: false, code: "FINGERPRINT_MISMATCH" });

    const deactivation = await createOfflineDeactivationRequest(licenseFile, jwks, { fingerprint: machine });
    if (!deactivation.ok) throw new Error(deactivation.detail);
    const deactivationPath = testInfo.outputPath("deactivation-request.json");
    writeFileSync(deactivationPath, offlineRequestFile(deactivation.request));
    const deactivateOffline = page.getByRole("region", { name: "Deactivate a machine", exact: true });
    await deactivateOffline.getByLabel("Deactivation request file").setInputFiles(deactivationPath);
    await deactivateOffline.getByRole("button", { name: "Deactivate offline" }).click();
    const receiptDownload = page.waitForEvent("download");
    await deactivateOffline.getByRole("link", { name: "Download deactivation receipt" }).click();
    const receipt = readFileSync((await (await receiptDownload).path())!, "utf8");
    expect(await verifyDeactivationReceipt(receipt, jwks, { request: deactivation.request })).toMatchObject({
      valid: true,
    });
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();

    expect(readFileSync("e2e/.auth/server.log", "utf8")).not.toContain(machine);
  });

  test("a request file that is not one is refused on its field, and nothing changes", async ({ page }) => {
    await openDevices(page);
    const activateOffline = page.getByRole("region", { name: "Activate a machine", exact: true });
    await activateOffline.getByLabel("Or paste its contents").fill('{"format":"something else"}');
    await activateOffline.getByRole("button", { name: "Activate offline" }).click();
    await expect(
      activateOffline.getByText(
        "This is not a valid activation request file: it is not the right kind of request file.",
      ),
    ).toBeVisible();
    await expect(activateOffline.getByLabel("Or paste its contents")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();
  });

  test("client software activates, heartbeats, validates and deactivates through the SDK, and the customer sees it come and go", async ({
    page,
  }) => {
    const key = await revealStudioKey(page);
    const jwks = createJwksCache({ url: `${BASE_URL}/.well-known/jwks.json` });
    const machine = fingerprint("sdk-laptop");
    const call = { baseUrl: BASE_URL, key, fingerprint: machine, product: "studio", jwks };

    const activated = await activate({ ...call, name: "SDK-Laptop", platform: "Linux" });
    expect(activated).toMatchObject({ ok: true, lease: { product: "studio" } });
    expect(await heartbeat(call)).toMatchObject({ ok: true });
    expect(await validateOnline(call)).toMatchObject({ ok: true, valid: true, code: "VALID" });
    await openDevices(page);
    await expect(page.getByRole("row", { name: /SDK-Laptop/ }).getByText("Active")).toBeVisible();

    expect(await deactivate(call)).toMatchObject({ ok: true });
    expect(await heartbeat(call)).toMatchObject({ ok: false, reason: "refused", code: "NOT_ACTIVATED" });
    expect(await validateOnline(call)).toMatchObject({ ok: true, valid: false, code: "NOT_ACTIVATED" });
    await page.reload();
    await expect(page.getByRole("row", { name: /SDK-Laptop/ }).getByText("Deactivated")).toBeVisible();
    await expect(page.getByRole("meter", { name: "3 of 5 seats used" })).toBeVisible();
    expect(readFileSync("e2e/.auth/server.log", "utf8")).not.toContain(machine);
  });

  test("another organisation's devices page is a 404", async ({ page }) => {
    const { href } = JSON.parse(readFileSync(globexLicenseFile, "utf8")) as { href: string };
    const response = await page.goto(`${href}/devices`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("GLX-Workstation-A")).toHaveCount(0);
  });

  test("the device API answers bad input with a 400 naming the field, and an unknown key with a signed 404", async ({
    request,
  }) => {
    const missing = await request.post("/api/v1/devices/activate", { data: { key: "RK-0000-0000-0000-0000-0" } });
    expect(missing.status()).toBe(400);
    expect(missing.headers()["content-type"]).toContain("application/problem+json");
    expect((await missing.json()).errors.map((error: { field: string }) => error.field)).toEqual(["fingerprint"]);

    const unknown = await request.post("/api/v1/devices/heartbeat", {
      data: { key: "RK-0000-0000-0000-0000-0", fingerprint: fingerprint("nobody"), nonce: "e2e-nonce-unknown" },
    });
    expect(unknown.status()).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "UNKNOWN_KEY", token: expect.any(String) });
  });
});

test.describe("anomaly flags", () => {
  test.use({ storageState: authFile("alice") });

  test("a key activated from many networks raises a flag the owner hears about and support resolves, without blocking anyone", async ({
    page,
    browser,
  }) => {
    const key = await revealStudioKey(page);
    const machine = fingerprint("cloned-vm");
    for (let i = 0; i < 7; i += 1) {
      const answer = await page.request.post("/api/v1/devices/activate", {
        data: { key, fingerprint: machine, name: "Cloned-VM" },
        headers: { "x-forwarded-for": `198.51.${100 + i}.7` },
      });
      expect(answer.status()).toBeLessThan(300);
    }
    await openDevices(page);
    await expect(page.getByRole("status").filter({ hasText: "Unusual activation activity" })).toContainText(
      "different networks",
    );
    await page.goto("/dev/mailbox?to=alice%40acme.example");
    await expect(page.getByRole("region", { name: /Unusual activation activity/ }).first()).toBeVisible();
    expect(
      (await page.request.post("/api/v1/devices/deactivate", { data: { key, fingerprint: machine } })).status(),
    ).toBe(200);

    const support = await browser.newContext({ storageState: authFile("support") });
    const staffPage = await support.newPage();
    await staffPage.goto("/admin/anomalies");
    const flags = staffPage.getByRole("table", { name: "Open anomaly flags" });
    const row = flags.getByRole("row", { name: /Acme Robotics/ }).filter({ hasText: "different networks" });
    await row.getByRole("button", { name: "Resolve" }).click();
    await expect(row.getByText("Explain the reason in at least 5 characters.")).toBeVisible();
    await expect(row.getByText("Choose a reason category.")).toBeVisible();
    await row.getByLabel("Reason category").selectOption({ label: "Customer request" });
    await row.getByLabel(/Finding for Acme Robotics/).fill("Customer's CI farm, expected");
    await row.getByRole("button", { name: "Resolve" }).click();
    await expect(flags.getByRole("row", { name: /Acme Robotics/ })).toHaveCount(0);
    await support.close();
  });
});
