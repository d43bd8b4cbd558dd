import { describe, expect, it } from "vitest";
import {
  createFakePortal,
  createFakeRevocationFeed,
  createMemoryRevocationStorage,
  fixedNow,
  makeJwks,
  makeLicenseKey,
  makeRevocationEntry,
  makeSigningKey,
  makeVerdict,
  PORTAL_URL,
  signRevocationPage,
  signValidationToken,
  type RevocationsRequest,
  type SigningKey,
} from "../testing/factories.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { createRevocationSync, type RevocationSyncStorage } from "./revocation-sync.ts";

const ANSWERED_AT = "2026-03-01T12:00:00Z";
const now = fixedNow(ANSWERED_AT);

type Answer = (request: RevocationsRequest, key: SigningKey) => Response | Promise<Response>;

/**
 * A portal with a revocation feed. `answerWith` replaces the feed's answer (an outage, a forgery)
 * until it is given null; every request is recorded in `asked`.
 */
async function makeFeedPortal({ pageSize = 500 } = {}) {
  const key = await makeSigningKey();
  const feed = createFakeRevocationFeed(key, { pageSize, issuedAt: ANSWERED_AT });
  const asked: RevocationsRequest[] = [];
  let override: Answer | null = null;
  const portal = createFakePortal({
    jwks: () => makeJwks(key),
    revocations: (request) => {
      asked.push(request);
      return override ? override(request, key) : feed.answer(request);
    },
  });
  const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });
  const answerWith = (answer: Answer | null) => {
    override = answer;
  };
  const makeSync = (storage: RevocationSyncStorage) =>
    createRevocationSync({ baseUrl: PORTAL_URL, jwks, storage, fetch: portal.fetch, now });
  return { key, feed, portal, asked, answerWith, makeSync };
}

const networkDown: Answer = () => {
  throw new TypeError("fetch failed");
};

describe("syncing the revocation feed", () => {
  it("follows pages until the feed has no more and keeps every entry and the cursor", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal({ pageSize: 2 });
    const revoked = [feed.revoke(), feed.revoke(), feed.revoke(), feed.revoke(), feed.revoke()];
    const storage = createMemoryRevocationStorage();

    const result = await makeSync(storage).sync();

    expect(result).toEqual({ ok: true, status: "updated", added: 5, next: 5 });
    expect(asked.map((request) => request.since)).toEqual([0, 2, 4]);
    expect(storage.stored()).toEqual({ next: 5, etag: null, entries: revoked });
  });

  it("asks only for what came after the stored cursor, then polls with If-None-Match and accepts a 304", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal();
    feed.revoke();
    const sync = makeSync(createMemoryRevocationStorage());
    await sync.sync();

    const caughtUp = await sync.sync();
    const polled = await sync.sync();

    expect(caughtUp).toEqual({ ok: true, status: "unchanged", added: 0, next: 1 });
    expect(polled).toEqual({ ok: true, status: "unchanged", added: 0, next: 1 });
    expect(asked).toEqual([
      { since: 0, ifNoneMatch: null },
      { since: 1, ifNoneMatch: null },
      { since: 1, ifNoneMatch: expect.stringMatching(/^".+"$/) },
    ]);
  });

  it("picks up a new revocation after a 304 and stops sending the old ETag", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal();
    const storage = createMemoryRevocationStorage();
    const sync = makeSync(storage);
    await sync.sync();
    await sync.sync();
    const licenseRevokedLater = feed.revoke();

    expect(await sync.sync()).toEqual({ ok: true, status: "updated", added: 1, next: 1 });
    expect(await sync.isRevoked({ licenseId: licenseRevokedLater.subject })).toBe(true);
    expect(asked.at(-1)?.ifNoneMatch).not.toBeNull();
    expect(storage.stored()?.etag).toBeNull();
  });

  it("resumes from the state the app persisted, in a new process", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal();
    const first = feed.revoke();
    const storage = createMemoryRevocationStorage();
    await makeSync(storage).sync();
    const second = feed.revoke();

    const restarted = makeSync(storage);

    expect(await restarted.sync()).toMatchObject({ ok: true, added: 1, next: 2 });
    expect(asked.at(-1)?.since).toBe(1);
    expect(storage.stored()?.entries).toEqual([first, second]);
  });

  it("starts over from the beginning when the persisted state is not in the expected shape", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal();
    feed.revoke();
    const storage = createMemoryRevocationStorage({ next: 7, etag: null, entries: [{ seq: "seven" }] } as never);

    expect(await makeSync(storage).sync()).toMatchObject({ ok: true, added: 1, next: 1 });
    expect(asked[0]?.since).toBe(0);
  });

  it("shares one sync between concurrent calls", async () => {
    const { feed, asked, makeSync } = await makeFeedPortal();
    feed.revoke();
    const sync = makeSync(createMemoryRevocationStorage());

    const [first, second] = await Promise.all([sync.sync(), sync.sync()]);

    expect(first).toEqual(second);
    expect(asked).toHaveLength(1);
  });
});

describe("answering offline from the last sync", () => {
  it("knows nothing is revoked before the first sync", async () => {
    const { makeSync } = await makeFeedPortal();

    expect(await makeSync(createMemoryRevocationStorage()).isRevoked({ licenseId: crypto.randomUUID() })).toBe(false);
  });

  it("rejects a revoked license and a revoked key after the next sync, without the network", async () => {
    const { feed, answerWith, makeSync, portal } = await makeFeedPortal();
    const licenseKey = makeLicenseKey();
    const keyOwner = crypto.randomUUID();
    const revokedLicense = feed.revoke({ kind: "license" });
    feed.revoke({ kind: "license_key", subject: licenseKey.slice(0, 7), licenseId: keyOwner });
    const storage = createMemoryRevocationStorage();
    await makeSync(storage).sync();
    answerWith(networkDown);
    const requestsBefore = portal.requests.length;

    const offline = makeSync(storage);

    expect(await offline.isRevoked({ licenseId: revokedLicense.subject })).toBe(true);
    expect(await offline.isRevoked({ licenseId: keyOwner, key: licenseKey.toLowerCase() })).toBe(true);
    expect(await offline.isRevoked({ licenseId: keyOwner })).toBe(false);
    expect(portal.requests.length).toBe(requestsBefore);
  });

  it("keeps the last state and reports the portal as unreachable when the request fails", async () => {
    const { feed, answerWith, makeSync } = await makeFeedPortal();
    const revoked = feed.revoke();
    const storage = createMemoryRevocationStorage();
    const sync = makeSync(storage);
    await sync.sync();
    answerWith(networkDown);

    const result = await sync.sync();

    expect(result).toMatchObject({ ok: false, reason: "unreachable" });
    expect(storage.stored()).toMatchObject({ next: 1, entries: [revoked] });
    expect(await sync.isRevoked({ licenseId: revoked.subject })).toBe(true);
  });

  it("keeps the pages it got when the portal goes away half way, and resumes after them", async () => {
    const { feed, asked, answerWith, makeSync } = await makeFeedPortal({ pageSize: 2 });
    const revoked = [feed.revoke(), feed.revoke(), feed.revoke()];
    const storage = createMemoryRevocationStorage();
    const sync = makeSync(storage);
    answerWith((request, key) => (request.since === 0 ? feed.answer(request) : networkDown(request, key)));

    expect(await sync.sync()).toMatchObject({ ok: false, reason: "unreachable" });
    expect(storage.stored()).toMatchObject({ next: 2, entries: revoked.slice(0, 2) });

    answerWith(null);
    expect(await sync.sync()).toMatchObject({ ok: true, added: 1, next: 3 });
    expect(asked.map((request) => request.since)).toEqual([0, 2, 2]);
  });
});

describe("reporting why the feed could not be synced", () => {
  it.each([
    ["a server error", () => new Response("Bad gateway", { status: 502 })],
    [
      "a captive portal's HTML",
      () => new Response("<html>Sign in to the hotel wifi</html>", { headers: { "content-type": "text/html" } }),
    ],
    ["a 304 to a request without If-None-Match", () => new Response(null, { status: 304 })],
  ])("reports the portal as unreachable on %s", async (_, answer) => {
    const { answerWith, makeSync } = await makeFeedPortal();
    const storage = createMemoryRevocationStorage();
    answerWith(answer);

    expect(await makeSync(storage).sync()).toMatchObject({ ok: false, reason: "unreachable" });
    expect(storage.writes()).toBe(0);
  });

  it("reports the portal as unreachable when its signing keys cannot be fetched", async () => {
    const key = await makeSigningKey();
    const feed = createFakeRevocationFeed(key);
    const portal = createFakePortal({
      jwks: () => new Response("Bad gateway", { status: 502 }),
      revocations: feed.answer,
    });
    const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });

    const result = await createRevocationSync({
      baseUrl: PORTAL_URL,
      jwks,
      storage: createMemoryRevocationStorage(),
      fetch: portal.fetch,
      now,
    }).sync();

    expect(result).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it("reports rate limiting with the Retry-After seconds", async () => {
    const { answerWith, makeSync } = await makeFeedPortal();
    answerWith(() => new Response(null, { status: 429, headers: { "retry-after": "30" } }));

    expect(await makeSync(createMemoryRevocationStorage()).sync()).toMatchObject({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 30,
    });
  });

  it("returns the problem details of a refused request", async () => {
    const problem = {
      type: "https://rekey.dev/problems/invalid-input",
      title: "Invalid request",
      status: 400,
      code: "INVALID_INPUT",
      detail: "Invalid query: check since.",
    };
    const { answerWith, makeSync } = await makeFeedPortal();
    answerWith(() => Response.json(problem, { status: 400, headers: { "content-type": "application/problem+json" } }));

    expect(await makeSync(createMemoryRevocationStorage()).sync()).toEqual({
      ok: false,
      reason: "bad_request",
      detail: problem.detail,
      problem,
    });
  });
});

describe("believing only signed pages that continue the feed", () => {
  /** A genuine page from the feed, with the signed part replaced by `signed`. */
  async function answerSignedAs(key: SigningKey, signed: object, issuedAt = ANSWERED_AT): Promise<Response> {
    const page = { since: 0, next: 1, hasMore: false, items: [makeRevocationEntry()] };
    return Response.json({ ...page, token: await signRevocationPage(key, { ...page, ...signed }, issuedAt) });
  }

  it("ignores revocations in the unsigned body that the signed page does not hold", async () => {
    const { answerWith, makeSync } = await makeFeedPortal();
    const injected = makeRevocationEntry({ seq: 1 });
    answerWith(async (request, key) => {
      const signed = { since: request.since, next: request.since, hasMore: false, items: [] };
      return Response.json({
        ...signed,
        next: 1,
        items: [injected],
        token: await signRevocationPage(key, signed, ANSWERED_AT),
      });
    });
    const sync = makeSync(createMemoryRevocationStorage());

    expect(await sync.sync()).toMatchObject({ ok: true, added: 0 });
    expect(await sync.isRevoked({ licenseId: injected.subject })).toBe(false);
  });

  it.each([
    [
      "a page starting at another cursor, which would skip revocations",
      { since: 5, next: 6, items: [makeRevocationEntry({ seq: 6 })] },
      /starts at 5, not at 0/,
    ],
    ["a page claiming more entries without advancing", { next: 0, hasMore: true, items: [] }, /does not advance/],
    ["entries outside the page's range", { next: 1, items: [makeRevocationEntry({ seq: 2 })] }, /outside its range/],
    ["malformed entries", { items: [{ ...makeRevocationEntry(), kind: "customer" }] }, /malformed/],
    ["a page without the feed fields", { hasMore: "no" }, /lacks the feed fields/],
  ])("refuses %s and keeps the last state", async (_, signed, detail) => {
    const { answerWith, makeSync } = await makeFeedPortal();
    const storage = createMemoryRevocationStorage();
    answerWith((__, key) => answerSignedAs(key, signed));

    expect(await makeSync(storage).sync()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(detail),
    });
    expect(storage.writes()).toBe(0);
  });

  it("refuses a page signed by a key the portal does not publish", async () => {
    const forger = await makeSigningKey();
    const { answerWith, makeSync } = await makeFeedPortal();
    answerWith(() => answerSignedAs(forger, {}));

    expect(await makeSync(createMemoryRevocationStorage()).sync()).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses another portal token, such as a validation answer, offered as a page", async () => {
    const { answerWith, makeSync } = await makeFeedPortal();
    answerWith(async (request, key) => {
      const page = { since: request.since, next: request.since, hasMore: false, items: [] };
      return Response.json({
        ...page,
        token: await signValidationToken(key, { ...makeVerdict(), ...page } as never, ANSWERED_AT),
      });
    });

    expect(await makeSync(createMemoryRevocationStorage()).sync()).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses an answer without a token", async () => {
    const { answerWith, makeSync } = await makeFeedPortal();
    answerWith((request) => Response.json({ since: request.since, next: request.since, hasMore: false, items: [] }));

    expect(await makeSync(createMemoryRevocationStorage()).sync()).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/no signed token/),
    });
  });
});
