import { describe, expect, it } from "vitest";
import {
  createFakePortal,
  fixedNow,
  makeJwks,
  makeKeyExchangeAnswer,
  makeLicenseKey,
  makeSigningKey,
  makeVerdict,
  PORTAL_URL,
  signKeyExchangeToken,
  signValidationToken,
  type KeyExchangeAnswer,
  type KeyExchangeRequestBody,
  type SigningKey,
} from "../testing/factories.ts";
import { exchangeKey } from "./exchange-key.ts";
import { createJwksCache } from "./jwks-cache.ts";

const ANSWERED_AT = "2026-03-01T12:00:00Z";
const now = fixedNow(ANSWERED_AT);
const OLD_KEY = "RK-7F3Q-K9M2-XW4D-8HNB-T";

/** The portal's answer: the new key in the body, its hash in a token signed over the request's nonce. */
async function answerSigned(
  key: SigningKey,
  request: KeyExchangeRequestBody,
  answer: Partial<KeyExchangeAnswer> = {},
  claims: object = {},
): Promise<Response> {
  const exchanged = makeKeyExchangeAnswer(request.nonce, answer);
  return Response.json({ ...exchanged, token: await signKeyExchangeToken(key, exchanged, ANSWERED_AT, claims) });
}

function problemResponse(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  const problem = { type: `https://rekey.dev/problems/${code.toLowerCase()}`, title: code, status, code, detail };
  return Response.json(problem, { status, headers: { "content-type": "application/problem+json", ...headers } });
}

async function makePortal(exchange: (body: KeyExchangeRequestBody, key: SigningKey) => Response | Promise<Response>) {
  const key = await makeSigningKey();
  const portal = createFakePortal({ jwks: () => makeJwks(key), exchangeKey: (body) => exchange(body, key) });
  const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });
  const exchangeOldKey = (options: { now?: () => Date; key?: string; baseUrl?: string } = {}) =>
    exchangeKey({ baseUrl: PORTAL_URL, key: OLD_KEY, jwks, fetch: portal.fetch, now, ...options });
  return { key, portal, exchangeOldKey };
}

describe("exchanging the old key for the new one", () => {
  it.each(["EdDSA", "ES256", "RS256"] as const)(
    "returns the new key once the %s-signed token, nonce and key hash check out",
    async (alg) => {
      const key = await makeSigningKey(alg);
      const newKey = makeLicenseKey();
      const licenseId = crypto.randomUUID();
      const portal = createFakePortal({
        jwks: () => makeJwks(key),
        exchangeKey: (body) =>
          answerSigned(key, body, { newKey, licenseId, oldKeyRetiresAt: "2026-03-08T12:00:00.000Z" }),
      });
      const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });

      const result = await exchangeKey({ baseUrl: PORTAL_URL, key: OLD_KEY, jwks, fetch: portal.fetch, now });

      expect(result).toEqual({ ok: true, newKey, licenseId, oldKeyRetiresAt: "2026-03-08T12:00:00.000Z" });
    },
  );

  it("reports no retirement time while the rotation's overlap has not started", async () => {
    const { exchangeOldKey } = await makePortal((body, key) => answerSigned(key, body, { oldKeyRetiresAt: null }));

    expect(await exchangeOldKey()).toMatchObject({ ok: true, oldKeyRetiresAt: null });
  });

  it("sends the old key and a fresh nonce on every call, to the base URL's path", async () => {
    const { portal, exchangeOldKey } = await makePortal((body, key) => answerSigned(key, body));

    await exchangeOldKey();
    await exchangeOldKey({ baseUrl: `${PORTAL_URL}/` });

    const exchanges = portal.requests.filter((request) => request.method === "POST");
    expect(exchanges.map((request) => request.url)).toEqual([
      `${PORTAL_URL}/api/v1/keys/exchange`,
      `${PORTAL_URL}/api/v1/keys/exchange`,
    ]);
    const [first, second] = exchanges.map((request) => request.body as KeyExchangeRequestBody);
    expect(first).toEqual({ key: OLD_KEY, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(second?.nonce).not.toBe(first?.nonce);
  });

  it("takes the license and retirement time from the token, not from the unsigned body", async () => {
    const signedLicenseId = crypto.randomUUID();
    const { exchangeOldKey } = await makePortal(async (body, key) => {
      const exchanged = makeKeyExchangeAnswer(body.nonce, {
        licenseId: signedLicenseId,
        oldKeyRetiresAt: "2026-03-08T12:00:00.000Z",
      });
      const token = await signKeyExchangeToken(key, exchanged, ANSWERED_AT);
      return Response.json({
        ...exchanged,
        licenseId: crypto.randomUUID(),
        oldKeyRetiresAt: "2099-01-01T00:00:00.000Z",
        token,
      });
    });

    expect(await exchangeOldKey()).toMatchObject({
      ok: true,
      licenseId: signedLicenseId,
      oldKeyRetiresAt: "2026-03-08T12:00:00.000Z",
    });
  });
});

describe("refusing answers that cannot be trusted", () => {
  it("rejects a new key swapped on the way, whose hash is not the signed one", async () => {
    const { exchangeOldKey } = await makePortal(async (body, key) => {
      const exchanged = makeKeyExchangeAnswer(body.nonce);
      return Response.json({
        ...exchanged,
        newKey: makeLicenseKey(),
        token: await signKeyExchangeToken(key, exchanged, ANSWERED_AT),
      });
    });

    const result = await exchangeOldKey();

    expect(result).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/not the one the portal signed/),
    });
    expect(result).not.toHaveProperty("newKey");
  });

  it("rejects an answer whose body has no new key", async () => {
    const { exchangeOldKey } = await makePortal(async (body, key) => {
      const exchanged = makeKeyExchangeAnswer(body.nonce);
      return Response.json({
        ...exchanged,
        newKey: undefined,
        token: await signKeyExchangeToken(key, exchanged, ANSWERED_AT),
      });
    });

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/not the one the portal signed/),
    });
  });

  it("rejects a genuine answer recorded for another request (nonce mismatch)", async () => {
    const { exchangeOldKey } = await makePortal((body, key) =>
      answerSigned(key, { ...body, nonce: "nonce-of-an-earlier-request" }),
    );

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/nonce/),
    });
  });

  it("rejects a token without the exchange fields", async () => {
    const { exchangeOldKey } = await makePortal((body, key) =>
      answerSigned(key, body, {}, { newKeySha256: undefined }),
    );

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/lacks the exchange fields/),
    });
  });

  it("rejects a token signed by a key the portal does not publish", async () => {
    const forger = await makeSigningKey();
    const { exchangeOldKey } = await makePortal((body) => answerSigned(forger, body));

    expect(await exchangeOldKey()).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a validation answer offered in place of an exchange token", async () => {
    const { exchangeOldKey } = await makePortal(async (body, key) => {
      const exchanged = makeKeyExchangeAnswer(body.nonce);
      const token = await signValidationToken(
        key,
        { ...makeVerdict({ meta: exchanged.meta }), ...exchanged } as never,
        ANSWERED_AT,
      );
      return Response.json({ ...exchanged, token });
    });

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/aud/),
    });
  });

  it("rejects a token that expired more than the clock skew ago", async () => {
    const { exchangeOldKey } = await makePortal((body, key) => answerSigned(key, body));

    expect(await exchangeOldKey({ now: fixedNow("2026-03-01T12:10:01Z") })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("rejects an answer without a token", async () => {
    const { exchangeOldKey } = await makePortal((body) => Response.json(makeKeyExchangeAnswer(body.nonce)));

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/no signed token/),
    });
  });
});

describe("reporting why there is no new key", () => {
  it.each([
    [404, "UNKNOWN_KEY", "This key is not recognised."],
    [409, "NO_ROTATION_IN_PROGRESS", "There is no new key to exchange this key for right now."],
    [
      403,
      "BRIDGING_DISABLED",
      "Automatic key exchange is not enabled for this product: copy the new key from the portal.",
    ],
  ])("reports %i %s as not available, with the portal's code and sentence", async (status, code, detail) => {
    const { exchangeOldKey } = await makePortal(() => problemResponse(status, code, detail));

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "not_available",
      code,
      detail,
      problem: { status, code },
    });
  });

  it("reports a 404 without problem details, as from a portal without the endpoint, as not available", async () => {
    const { exchangeOldKey } = await makePortal(
      () => new Response("<h1>Not here</h1>", { status: 404, statusText: "Not Found" }),
    );

    expect(await exchangeOldKey()).toMatchObject({
      ok: false,
      reason: "not_available",
      code: "HTTP_404",
      problem: { type: "about:blank" },
    });
  });

  it("returns the problem details of an invalid request", async () => {
    const { exchangeOldKey } = await makePortal(() =>
      problemResponse(400, "INVALID_INPUT", "key is required: the key being replaced."),
    );

    expect(await exchangeOldKey({ key: "" })).toMatchObject({
      ok: false,
      reason: "bad_request",
      detail: "key is required: the key being replaced.",
      problem: { code: "INVALID_INPUT" },
    });
  });

  it("reports rate limiting with the Retry-After seconds", async () => {
    const { exchangeOldKey } = await makePortal(() =>
      problemResponse(429, "RATE_LIMITED", "Too many requests.", { "retry-after": "60" }),
    );

    expect(await exchangeOldKey()).toEqual({
      ok: false,
      reason: "rate_limited",
      detail: expect.any(String),
      retryAfterSeconds: 60,
    });
  });

  it("reports the portal as unreachable when the request fails, without the old key in the result", async () => {
    const { exchangeOldKey } = await makePortal(() => {
      throw new TypeError("fetch failed");
    });

    const result = await exchangeOldKey();

    expect(result).toMatchObject({ ok: false, reason: "unreachable" });
    expect(JSON.stringify(result)).not.toContain(OLD_KEY);
  });

  it.each([
    ["a server error", () => new Response("Bad gateway", { status: 502 })],
    [
      "a captive portal's HTML",
      () => new Response("<html>Sign in to the hotel wifi</html>", { headers: { "content-type": "text/html" } }),
    ],
    ["a 304 from a cache in between", () => new Response(null, { status: 304 })],
  ])("reports the portal as unreachable on %s", async (_, answer) => {
    const { exchangeOldKey } = await makePortal(answer);

    expect(await exchangeOldKey()).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it("reports the portal as unreachable when its signing keys cannot be fetched", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({
      jwks: () => new Response("Bad gateway", { status: 502 }),
      exchangeKey: (body) => answerSigned(key, body),
    });
    const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });

    expect(await exchangeKey({ baseUrl: PORTAL_URL, key: OLD_KEY, jwks, fetch: portal.fetch, now })).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
  });
});
