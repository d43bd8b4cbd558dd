import { describe, expect, it } from "vitest";
import {
  createFakePortal,
  fixedNow,
  makeJwks,
  makeLicenseClaims,
  makeSigningKey,
  makeVerdict,
  PORTAL_URL,
  scopeSigningKey,
  signLicenseFile,
  signValidationToken,
  type SigningKey,
  type ValidateRequestBody,
} from "../testing/factories.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { validateOnline, type ValidationVerdict } from "./validate-online.ts";

const ANSWERED_AT = "2026-03-01T12:00:00Z";
const now = fixedNow(ANSWERED_AT);
const LICENSE_KEY = "REKEY-TEST-0000-0000";

/** The portal's answer: the verdict signed with the request's nonce, beside an unsigned copy. */
async function answerSigned(
  key: SigningKey,
  request: ValidateRequestBody,
  verdict: Partial<ValidationVerdict> = {},
): Promise<Response> {
  const signed = makeVerdict({ ...verdict, meta: { nonce: request.nonce, ts: new Date(ANSWERED_AT).toISOString() } });
  return Response.json({ ...signed, token: await signValidationToken(key, signed, ANSWERED_AT) });
}

async function makePortal(validate: (body: ValidateRequestBody, key: SigningKey) => Response | Promise<Response>) {
  const key = await makeSigningKey();
  const portal = createFakePortal({ jwks: () => makeJwks(key), validate: (body) => validate(body, key) });
  return { key, portal };
}

describe("validating a license key online", () => {
  it.each(["EdDSA", "ES256", "RS256"] as const)(
    "returns the signed verdict from a portal signing with %s",
    async (alg) => {
      const key = await makeSigningKey(alg);
      const portal = createFakePortal({
        jwks: () => makeJwks(key),
        validate: (body) =>
          answerSigned(key, body, {
            code: "VALID_ROTATING",
            key: { state: "retiring", rotatesAt: "2026-03-08T00:00:00.000Z", newKeyReady: true },
          }),
      });

      const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

      expect(result).toMatchObject({
        ok: true,
        valid: true,
        code: "VALID_ROTATING",
        key: { state: "retiring", rotatesAt: "2026-03-08T00:00:00.000Z", newKeyReady: true },
        license: { product: "studio", entitlements: ["export", "sync"] },
      });
      expect(result).not.toHaveProperty("token");
      expect(result).not.toHaveProperty("aud");
    },
  );

  it("sends the key, fingerprint, product and a fresh nonce on every call, to the base URL's path", async () => {
    const { portal } = await makePortal((body, key) => answerSigned(key, body));

    await validateOnline({
      baseUrl: `${PORTAL_URL}/`,
      key: LICENSE_KEY,
      fingerprint: "machine-a",
      product: "studio",
      fetch: portal.fetch,
      now,
    });
    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    const validations = portal.requests.filter((request) => request.method === "POST");
    expect(validations.map((request) => request.url)).toEqual([
      `${PORTAL_URL}/api/v1/licenses/validate`,
      `${PORTAL_URL}/api/v1/licenses/validate`,
    ]);
    const [first, second] = validations.map((request) => request.body as ValidateRequestBody);
    expect(first).toMatchObject({ key: LICENSE_KEY, fingerprint: "machine-a", product: "studio" });
    expect(first?.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second?.nonce).not.toBe(first?.nonce);
  });

  it("sends a named user's seat token when given one", async () => {
    const { portal } = await makePortal((body, key) => answerSigned(key, body));
    const userToken = `rks1.user-1.${"a".repeat(64)}`;

    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, userToken, fetch: portal.fetch, now });

    expect(portal.requests.find((request) => request.method === "POST")?.body).toMatchObject({ userToken });
  });

  it("tells the portal which signing keys it holds and which algorithms it verifies, once it has the JWKS", async () => {
    const { key, portal } = await makePortal((body, signingKey) => answerSigned(signingKey, body));
    const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });

    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, jwks, now });
    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, jwks, now });

    const [first, second] = portal.requests
      .filter((request) => request.method === "POST")
      .map((request) => request.headers);
    expect(first?.get("rekey-accept-algorithms")).toBe("EdDSA, ES256, RS256");
    expect(first?.has("rekey-jwks-kids")).toBe(false);
    expect(second?.get("rekey-jwks-kids")).toBe(key.kid);
  });

  it("believes the signed verdict, not the unsigned body beside it", async () => {
    const { portal } = await makePortal(async (body, key) => {
      const signed = makeVerdict({
        valid: false,
        code: "SUSPENDED",
        detail: "This license is suspended.",
        meta: { nonce: body.nonce, ts: ANSWERED_AT },
      });
      return Response.json({
        ...signed,
        valid: true,
        code: "VALID",
        token: await signValidationToken(key, signed, ANSWERED_AT),
      });
    });

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: true, valid: false, code: "SUSPENDED" });
  });

  it("passes on the expiry grace: an expired license that still works until graceEndsAt", async () => {
    const { portal } = await makePortal((body, key) =>
      answerSigned(key, body, { valid: true, code: "EXPIRED", graceEndsAt: "2026-03-15T00:00:00.000Z" }),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: true, valid: true, code: "EXPIRED", graceEndsAt: "2026-03-15T00:00:00.000Z" });
  });

  it("uses a shared JWKS cache across calls", async () => {
    const { portal } = await makePortal((body, key) => answerSigned(key, body));
    const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });

    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, jwks, now });
    await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, jwks, now });

    expect(portal.countRequests("/.well-known/jwks.json")).toBe(1);
  });
});

describe("refusing answers that cannot be trusted", () => {
  it("rejects a genuine answer recorded for another request (nonce mismatch)", async () => {
    const { portal } = await makePortal((body, key) =>
      answerSigned(key, { ...body, nonce: "nonce-of-an-earlier-request" }),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: false, reason: "bad_signature", detail: expect.stringMatching(/nonce/) });
  });

  it("rejects a token signed by a key the portal does not publish", async () => {
    const forger = await makeSigningKey();
    const { portal } = await makePortal((body) => answerSigned(forger, body));

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("rejects an answer about one edition signed with another edition's key", async () => {
    const editionKey = scopeSigningKey(await makeSigningKey(), { product: "studio", edition: "basic" });
    const portal = createFakePortal({
      jwks: () => makeJwks(editionKey),
      validate: (body) => answerSigned(editionKey, body),
    });

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/another product or edition/),
    });
  });

  it("accepts an answer signed with its own edition's key, and refuses an edition key's answer naming no license", async () => {
    const editionKey = scopeSigningKey(await makeSigningKey(), { product: "studio", edition: "pro" });
    let license: ValidationVerdict["license"] | undefined;
    const portal = createFakePortal({
      jwks: () => makeJwks(editionKey),
      validate: (body) => answerSigned(editionKey, body, license === undefined ? {} : { license }),
    });

    const own = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });
    license = null;
    const aboutNoLicense = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(own).toMatchObject({ ok: true, valid: true });
    expect(aboutNoLicense).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a license file offered in place of a validation token", async () => {
    const { portal } = await makePortal(async (body, key) => {
      const verdict = makeVerdict({ meta: { nonce: body.nonce, ts: ANSWERED_AT } });
      return Response.json({ ...verdict, token: await signLicenseFile(key, { ...makeLicenseClaims(), ...verdict }) });
    });

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("rejects a token that expired more than the clock skew ago", async () => {
    const { portal } = await makePortal((body, key) => answerSigned(key, body));

    const result = await validateOnline({
      baseUrl: PORTAL_URL,
      key: LICENSE_KEY,
      fetch: portal.fetch,
      now: fixedNow("2026-03-01T12:10:01Z"),
    });

    expect(result).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects an answer without a token", async () => {
    const { portal } = await makePortal((body) =>
      Response.json(makeVerdict({ meta: { nonce: body.nonce, ts: ANSWERED_AT } })),
    );

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });
});

describe("reporting why there is no verdict", () => {
  it("reports rate limiting with the Retry-After seconds", async () => {
    const { portal } = await makePortal(() =>
      Response.json(
        {
          type: "https://rekey.dev/problems/rate-limited",
          title: "Too many requests",
          status: 429,
          code: "RATE_LIMITED",
        },
        { status: 429, headers: { "content-type": "application/problem+json", "retry-after": "42" } },
      ),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: 42 });
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const { portal } = await makePortal(
      () => new Response(null, { status: 429, headers: { "retry-after": "Sun, 01 Mar 2026 12:02:00 GMT" } }),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: 120 });
  });

  it("returns the problem details of a refused request", async () => {
    const problem = {
      type: "https://rekey.dev/problems/invalid-input",
      title: "Invalid request",
      status: 400,
      code: "INVALID_INPUT",
      detail: "The license key is not in a recognised format.",
      errors: [{ field: "key", messages: ["Not a license key"] }],
    };
    const { portal } = await makePortal(() =>
      Response.json(problem, { status: 400, headers: { "content-type": "application/problem+json" } }),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: "nonsense", fetch: portal.fetch, now });

    expect(result).toEqual({ ok: false, reason: "bad_request", detail: problem.detail, problem });
  });

  it("describes a refusal without problem details as about:blank", async () => {
    const { portal } = await makePortal(
      () => new Response("<h1>Not here</h1>", { status: 404, statusText: "Not Found" }),
    );

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({
      ok: false,
      reason: "bad_request",
      problem: { type: "about:blank", title: "Not Found", status: 404 },
    });
  });

  it("reports the portal as unreachable when the request fails", async () => {
    const { portal } = await makePortal(() => {
      throw new TypeError("fetch failed");
    });

    const result = await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now });

    expect(result).toMatchObject({ ok: false, reason: "unreachable" });
    expect(JSON.stringify(result)).not.toContain(LICENSE_KEY);
  });

  it("reports the portal as unreachable when it answers with a server error", async () => {
    const { portal } = await makePortal(() => new Response("Bad gateway", { status: 502 }));

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "unreachable",
      status: 502,
    });
  });

  it("reports the portal as unreachable when a captive portal answers with HTML", async () => {
    const { portal } = await makePortal(
      () => new Response("<html>Sign in to the hotel wifi</html>", { headers: { "content-type": "text/html" } }),
    );

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
  });

  it("reports the portal as unreachable when its signing keys cannot be fetched", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({
      jwks: () => new Response("Bad gateway", { status: 502 }),
      validate: (body) => answerSigned(key, body),
    });

    expect(await validateOnline({ baseUrl: PORTAL_URL, key: LICENSE_KEY, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
  });
});
