import { errors } from "jose";
import { describe, expect, it } from "vitest";
import { createFakePortal, makeJwks, makeSigningKey, PORTAL_URL } from "../testing/factories.ts";
import { createJwksCache, JwksUnavailableError, UnknownKeyIdError } from "./jwks-cache.ts";

const JWKS_PATH = "/.well-known/jwks.json";
const JWKS_URL = `${PORTAL_URL}${JWKS_PATH}`;

/** A clock the test moves by hand. */
function createClock(iso = "2026-03-01T12:00:00Z") {
  let nowMs = Date.parse(iso);
  return {
    now: () => new Date(nowMs),
    advanceSeconds: (seconds: number) => {
      nowMs += seconds * 1000;
    },
  };
}

describe("JWKS cache fetching from the portal", () => {
  it("fetches the key set once and answers later lookups from memory", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(key) });
    const clock = createClock();
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: clock.now });

    const first = await cache.getKey({ alg: key.alg, kid: key.kid });
    clock.advanceSeconds(60);
    const second = await cache.getKey({ alg: key.alg, kid: key.kid });

    expect(first.type).toBe("public");
    expect(second).toBe(first);
    expect(portal.countRequests(JWKS_PATH)).toBe(1);
  });

  it("refetches once for an unknown kid and finds a key the portal published since", async () => {
    const active = await makeSigningKey();
    const pending = await makeSigningKey("ES256");
    let published = makeJwks(active);
    const portal = createFakePortal({ jwks: () => published });
    const clock = createClock();
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: clock.now });
    await cache.getKey({ alg: active.alg, kid: active.kid });

    published = makeJwks(active, pending);
    clock.advanceSeconds(31);
    const key = await cache.getKey({ alg: pending.alg, kid: pending.kid });

    expect(key.algorithm.name).toBe("ECDSA");
    expect(portal.countRequests(JWKS_PATH)).toBe(2);
  });

  it("refetches for unknown kids at most once per 30 seconds", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(key) });
    const clock = createClock();
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: clock.now });
    await cache.getKey({ alg: key.alg, kid: key.kid });

    clock.advanceSeconds(30);
    await expect(cache.getKey({ alg: "EdDSA", kid: "made-up-1" })).rejects.toBeInstanceOf(UnknownKeyIdError);
    clock.advanceSeconds(29);
    await expect(cache.getKey({ alg: "EdDSA", kid: "made-up-2" })).rejects.toBeInstanceOf(UnknownKeyIdError);
    expect(portal.countRequests(JWKS_PATH)).toBe(2);

    clock.advanceSeconds(1);
    await expect(cache.getKey({ alg: "EdDSA", kid: "made-up-3" })).rejects.toBeInstanceOf(UnknownKeyIdError);
    expect(portal.countRequests(JWKS_PATH)).toBe(3);
  });

  it("does not refetch for an unknown kid right after the first fetch", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(key) });
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: createClock().now });

    await expect(cache.getKey({ alg: "EdDSA", kid: "made-up" })).rejects.toBeInstanceOf(UnknownKeyIdError);
    expect(portal.countRequests(JWKS_PATH)).toBe(1);
  });

  it("refetches the key set once it is older than maxAgeMs", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(key) });
    const clock = createClock();
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: clock.now, maxAgeMs: 60_000 });
    await cache.getKey({ alg: key.alg, kid: key.kid });

    clock.advanceSeconds(59);
    await cache.getKey({ alg: key.alg, kid: key.kid });
    expect(portal.countRequests(JWKS_PATH)).toBe(1);
    clock.advanceSeconds(1);
    await cache.getKey({ alg: key.alg, kid: key.kid });
    expect(portal.countRequests(JWKS_PATH)).toBe(2);
  });

  it("keeps using the last key set when a refresh fails", async () => {
    const key = await makeSigningKey();
    let isPortalUp = true;
    const portal = createFakePortal({
      jwks: () => {
        if (!isPortalUp) throw new TypeError("fetch failed");
        return makeJwks(key);
      },
    });
    const clock = createClock();
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: clock.now });
    const before = await cache.getKey({ alg: key.alg, kid: key.kid });

    isPortalUp = false;
    clock.advanceSeconds(11 * 60);
    const after = await cache.getKey({ alg: key.alg, kid: key.kid });

    expect(after).toBe(before);
    expect(portal.countRequests(JWKS_PATH)).toBe(2);
  });

  it("reports the keys as unavailable when the first fetch fails", async () => {
    const portal = createFakePortal({ jwks: () => new Response("Bad gateway", { status: 502 }) });
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: createClock().now });

    await expect(cache.getKey({ alg: "EdDSA", kid: "any" })).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it("shares one request among lookups made while a fetch is in flight", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(key) });
    const cache = createJwksCache({ url: JWKS_URL, fetch: portal.fetch, now: createClock().now });

    const keys = await Promise.all([1, 2, 3].map(() => cache.getKey({ alg: key.alg, kid: key.kid })));

    expect(new Set(keys).size).toBe(1);
    expect(portal.countRequests(JWKS_PATH)).toBe(1);
  });
});

describe("JWKS cache built from a static key set", () => {
  it("resolves keys of every portal algorithm without any request", async () => {
    const keys = await Promise.all((["EdDSA", "ES256", "RS256"] as const).map((alg) => makeSigningKey(alg)));
    const cache = createJwksCache({ jwks: makeJwks(...keys) });

    const resolved = await Promise.all(keys.map((key) => cache.getKey({ alg: key.alg, kid: key.kid })));

    expect(resolved.map((key) => key.algorithm.name)).toEqual(["Ed25519", "ECDSA", "RSASSA-PKCS1-v1_5"]);
  });

  it("refuses a header whose alg differs from the key's (algorithm confusion)", async () => {
    const key = await makeSigningKey("RS256");
    const cache = createJwksCache({ jwks: makeJwks(key) });

    await expect(cache.getKey({ alg: "PS256", kid: key.kid })).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });

  it("ignores keys meant for encryption or algorithms the portal never signs with", async () => {
    const key = await makeSigningKey();
    const cache = createJwksCache({
      jwks: {
        keys: [
          { ...key.publicJwk, use: "enc" },
          { ...key.publicJwk, kid: "hmac", alg: "HS256" },
        ],
      },
    });

    await expect(cache.getKey({ alg: key.alg, kid: key.kid })).rejects.toBeInstanceOf(UnknownKeyIdError);
    await expect(cache.getKey({ alg: "HS256", kid: "hmac" })).rejects.toBeInstanceOf(UnknownKeyIdError);
  });
});
