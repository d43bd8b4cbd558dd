import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { customerOfThisFile } from "./customers";
import { authFile, globexLicenseFile, revealKey } from "./fixtures";

/** Raw node:crypto check of an EdDSA JWS: proves the file needs nothing of ours to verify. */
function verifyEd25519(token: string, jwks: JSONWebKeySet): boolean {
  const [header, payload, signature] = token.split(".");
  const { kid } = JSON.parse(Buffer.from(header!, "base64url").toString()) as { kid: string };
  const jwk = jwks.keys.find((key) => key.kid === kid)!;
  return verify(
    null,
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk as never, format: "jwk" }),
    Buffer.from(signature!, "base64url"),
  );
}

test.describe("keys and license files", () => {
  const customer = customerOfThisFile({
    licenses: [{ product: "studio", edition: "professional", seats: 5, offlineGraceDays: 7 }],
  });
  test.use({ storageState: customer.signedIn });

  test("a customer reveals their key, the API validates it, and the downloaded license file verifies with the JWKS alone", async ({
    page,
    request,
    browser,
  }) => {
    await page.goto("/");
    await page
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .click();
    const keyBox = page.getByLabel("Hidden license key");
    await expect(keyBox).toHaveText(/^RK-[0-9A-Z]{4}-••••/);
    const key = await revealKey(page.getByRole("region", { name: "License key" }));
    expect(key).toMatch(/^RK-([0-9A-Z]{4}-){4}[0-9A-Z]$/);

    const validation = await request.post("/api/v1/licenses/validate", {
      data: { key, product: "studio", nonce: "e2e-nonce-1" },
    });
    expect(validation.status()).toBe(200);
    const body = await validation.json();
    expect(body).toMatchObject({
      valid: true,
      code: "VALID",
      meta: { nonce: "e2e-nonce-1" },
      license: { product: "studio", edition: "professional" },
    });

    const jwks = (await (await request.get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
    const { payload: signedAnswer } = await jwtVerify(body.token, createLocalJWKSet(jwks), {
      audience: "rekey:validation",
    });
    expect(signedAnswer).toMatchObject({ code: "VALID", meta: { nonce: "e2e-nonce-1" } });

    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download license file" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^studio-professional-[0-9a-f]{8}\.lic$/);
    const file = readFileSync((await download.path())!, "utf8");
    const { payload, protectedHeader } = await jwtVerify(file, createLocalJWKSet(jwks), { audience: "studio" });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "JWT", kid: expect.any(String) });
    expect(payload).toMatchObject({
      ver: 2,
      trial: false,
      edition: "professional",
      seats: 5,
      // The demo catalogue's Studio Professional edition carries no entitlements of its own (the seeded
      // Acme license has them set by hand), so a license made through the API has none to list.
      entitlements: [],
      grace_days: 7,
    });
    expect(payload.sub).toBe(page.url().split("/licenses/")[1]!.split("#")[0]);
    expect(verifyEd25519(file, jwks)).toBe(true);
    const tampered = file.replace(/\.(.)/, (_m, c: string) => `.${c === "e" ? "f" : "e"}`);
    expect(verifyEd25519(tampered, jwks)).toBe(false);

    await page.reload();
    await expect(
      page
        .getByRole("list")
        .getByText(/revealed key/)
        .first(),
    ).toBeVisible();
    const serverLog = readFileSync("e2e/.auth/server.log", "utf8");
    expect(serverLog.length).toBeGreaterThan(0);
    expect(serverLog).not.toContain(key);

    // Staff find the customer but never see key material, only prefixes.
    const staff = await browser.newContext({ storageState: authFile("support") });
    const staffPage = await staff.newPage();
    await staffPage.goto(`/admin?q=${encodeURIComponent(customer.get().orgName)}`);
    await expect(staffPage.getByRole("table", { name: "Search results" })).toBeVisible();
    expect(await staffPage.content()).not.toContain(key.slice(8));
    await staff.close();
  });

  test("another organisation's license file is a 404", async ({ request }) => {
    const { href } = JSON.parse(readFileSync(globexLicenseFile, "utf8")) as { href: string };
    const response = await request.get(`${href}/license-file`);
    expect(response.status()).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
  });
});

test.describe("public API", () => {
  test("publishes the JWKS with caching headers and answers 304 when unchanged", async ({ request }) => {
    const first = await request.get("/.well-known/jwks.json");
    expect(first.status()).toBe(200);
    expect(first.headers()["content-type"]).toContain("application/jwk-set+json");
    expect(first.headers()["cache-control"]).toContain("max-age=300");
    const { keys } = (await first.json()) as JSONWebKeySet;
    expect(keys.length).toBeGreaterThanOrEqual(2);
    // Ed25519 by default; an admin may publish a P-256 key for a product (admin-ops.spec.ts, running beside this one).
    const shapes = {
      EdDSA: { kty: "OKP", crv: "Ed25519" },
      ES256: { kty: "EC", crv: "P-256" },
    } as Record<string, object>;
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.any(String), use: "sig", ...shapes[key.alg ?? ""] });
      expect(Object.keys(shapes)).toContain(key.alg);
      expect(key).not.toHaveProperty("d");
    }
    // Unchanged between the two requests: another spec publishing a key in between changes the tag, so ask again.
    await expect(async () => {
      const current = await request.get("/.well-known/jwks.json");
      const again = await request.get("/.well-known/jwks.json", {
        headers: { "if-none-match": current.headers().etag! },
      });
      expect(again.status()).toBe(304);
    }).toPass({ timeout: 30_000 });
  });

  const badRequests: [string, { data: unknown; headers?: Record<string, string> }, string][] = [
    ["a missing key", { data: {} }, "key"],
    ["a key of the wrong type", { data: { key: 42 } }, "key"],
    ["a short nonce", { data: { key: "RK-0000", nonce: "x" } }, "nonce"],
    ["malformed JSON", { data: "{not json", headers: { "content-type": "application/json" } }, "body"],
    [
      "the wrong content type",
      { data: "key=abc", headers: { "content-type": "application/x-www-form-urlencoded" } },
      "body",
    ],
  ];
  for (const [label, options, field] of badRequests) {
    test(`answers ${label} with a 400 problem naming the field`, async ({ request }) => {
      const response = await request.post("/api/v1/licenses/validate", options);
      expect(response.status()).toBe(400);
      expect(response.headers()["content-type"]).toContain("application/problem+json");
      const problem = await response.json();
      expect(problem).toMatchObject({
        status: 400,
        code: "INVALID_INPUT",
        type: expect.stringContaining("invalid-input"),
      });
      expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  }

  test("answers an unknown key with UNKNOWN_KEY, signed", async ({ request }) => {
    const response = await request.post("/api/v1/licenses/validate", { data: { key: "RK-0000-0000-0000-0000-0" } });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      valid: false,
      code: "UNKNOWN_KEY",
      license: null,
      token: expect.any(String),
    });
  });
});
