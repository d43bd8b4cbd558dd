import { base64url, SignJWT, UnsecuredJWT } from "jose";
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
  signCompactJwsWithNodeCrypto,
  signLicenseFile,
  signValidationToken,
  toSeconds,
} from "../testing/factories.ts";
import type { LastSeenTimeStorage } from "./check-clock-rollback.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { verifyLicenseFile } from "./verify-license-file.ts";

// makeLicenseClaims: nbf 2026-01-01, exp 2026-07-01, grace 7 days, license until 2027-01-01.
const DURING_VALIDITY = fixedNow("2026-03-01T12:00:00Z");

function createMemoryStorage(
  lastSeenMs: number | null = null,
): LastSeenTimeStorage & { lastSeenMs: () => number | null } {
  let stored = lastSeenMs;
  return {
    get: async () => stored,
    set: async (ms) => {
      stored = ms;
    },
    lastSeenMs: () => stored,
  };
}

describe("verifying a license file offline", () => {
  it.each(["EdDSA", "ES256", "RS256"] as const)("accepts a file signed with %s and returns its claims", async (alg) => {
    const key = await makeSigningKey(alg);
    const claims = makeLicenseClaims();
    const file = await signLicenseFile(key, claims);

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, product: "studio" });

    expect(result).toMatchObject({ valid: true, code: "VALID", inGrace: false, claims });
  });

  it("refuses a file for one edition signed with another edition's key, as a forgery", async () => {
    const basicKey = scopeSigningKey(await makeSigningKey(), { product: "studio", edition: "basic" });
    const forged = await signLicenseFile(basicKey, makeLicenseClaims({ edition: "pro" }));

    const result = await verifyLicenseFile(forged, makeJwks(basicKey), { now: DURING_VALIDITY, product: "studio" });

    expect(result).toMatchObject({ valid: false, code: "INVALID_SIGNATURE" });
    expect(result).not.toHaveProperty("claims");
  });

  it("refuses a file for one product signed with another product's key", async () => {
    const otherProductKey = scopeSigningKey(await makeSigningKey(), { product: "mixer" });
    const forged = await signLicenseFile(otherProductKey, makeLicenseClaims({ aud: "studio" }));

    const result = await verifyLicenseFile(forged, makeJwks(otherProductKey), { now: DURING_VALIDITY });

    expect(result.code).toBe("INVALID_SIGNATURE");
  });

  it("accepts files signed with their own edition's key, their product's key or the global key", async () => {
    const keys = [
      scopeSigningKey(await makeSigningKey(), { product: "studio", edition: "pro" }),
      scopeSigningKey(await makeSigningKey(), { product: "studio" }),
      await makeSigningKey(),
    ];
    const jwks = makeJwks(...keys);

    const codes = [];
    for (const key of keys) {
      const file = await signLicenseFile(key, makeLicenseClaims({ aud: "studio", edition: "pro" }));
      codes.push((await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY })).code);
    }

    expect(codes).toEqual(["VALID", "VALID", "VALID"]);
  });

  it("refuses every file signed with a key whose scope it cannot read", async () => {
    const key = await makeSigningKey();
    const unreadable = { ...key, publicJwk: { ...key.publicJwk, rekey_scope: "studio" } };
    const file = await signLicenseFile(unreadable, makeLicenseClaims());

    expect((await verifyLicenseFile(file, makeJwks(unreadable), { now: DURING_VALIDITY })).code).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("accepts a JWKS cache as well as a JWKS object, and a file ending in a newline", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims());
    const cache = createJwksCache({ jwks: makeJwks(key) });

    const result = await verifyLicenseFile(`${file}\n`, cache, { now: DURING_VALIDITY });

    expect(result.code).toBe("VALID");
  });

  it("fetches a key published after the app shipped when given a fetching cache", async () => {
    const shipped = await makeSigningKey();
    const published = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => makeJwks(shipped, published) });
    const cache = createJwksCache({
      url: `${PORTAL_URL}/.well-known/jwks.json`,
      fetch: portal.fetch,
      now: DURING_VALIDITY,
    });
    const file = await signLicenseFile(published, makeLicenseClaims());

    expect((await verifyLicenseFile(file, cache, { now: DURING_VALIDITY })).code).toBe("VALID");
  });

  it("reports the keys as unavailable when a fetching cache cannot reach the portal", async () => {
    const key = await makeSigningKey();
    const portal = createFakePortal({ jwks: () => new Response("Bad gateway", { status: 502 }) });
    const cache = createJwksCache({
      url: `${PORTAL_URL}/.well-known/jwks.json`,
      fetch: portal.fetch,
      now: DURING_VALIDITY,
    });
    const file = await signLicenseFile(key, makeLicenseClaims());

    expect((await verifyLicenseFile(file, cache, { now: DURING_VALIDITY })).code).toBe("KEYS_UNAVAILABLE");
  });
});

describe("refusing files that are not genuine", () => {
  it("reports a file with an altered payload as INVALID_SIGNATURE", async () => {
    const key = await makeSigningKey();
    const [header, , signature] = (await signLicenseFile(key, makeLicenseClaims({ seats: 1 }))).split(".");
    const inflatedPayload = base64url.encode(JSON.stringify(makeLicenseClaims({ seats: 500 })));

    const result = await verifyLicenseFile(`${header}.${inflatedPayload}.${signature}`, makeJwks(key), {
      now: DURING_VALIDITY,
    });

    expect(result).toMatchObject({ valid: false, code: "INVALID_SIGNATURE" });
    expect(result).not.toHaveProperty("claims");
  });

  it("reports a file signed by another key under a known kid as INVALID_SIGNATURE", async () => {
    const genuine = await makeSigningKey();
    const forger = await makeSigningKey();
    const forged = await signLicenseFile({ ...forger, kid: genuine.kid }, makeLicenseClaims());

    expect((await verifyLicenseFile(forged, makeJwks(genuine), { now: DURING_VALIDITY })).code).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("reports unsigned and HMAC-signed files as INVALID_SIGNATURE", async () => {
    const key = await makeSigningKey();
    const unsigned = new UnsecuredJWT({ ...makeLicenseClaims() }).encode();
    const hmacSigned = await new SignJWT({ ...makeLicenseClaims() })
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
      .sign(new TextEncoder().encode("a shared secret a forger guessed"));

    expect((await verifyLicenseFile(unsigned, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("INVALID_SIGNATURE");
    expect((await verifyLicenseFile(hmacSigned, makeJwks(key), { now: DURING_VALIDITY })).code).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("reports a file signed with a key not in the set as UNKNOWN_KEY_ID", async () => {
    const known = await makeSigningKey();
    const unknown = await makeSigningKey();
    const file = await signLicenseFile(unknown, makeLicenseClaims());

    const result = await verifyLicenseFile(file, makeJwks(known), { now: DURING_VALIDITY });

    expect(result.code).toBe("UNKNOWN_KEY_ID");
    expect(result.detail).toMatch(/connect to the internet/i);
  });

  it("reports text that is not a JWS as MALFORMED", async () => {
    const key = await makeSigningKey();

    expect((await verifyLicenseFile("not a license file", makeJwks(key), { now: DURING_VALIDITY })).code).toBe(
      "MALFORMED",
    );
    expect((await verifyLicenseFile("a.b.c", makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });

  it("accepts a file signed with node:crypto rather than jose", async () => {
    const key = await makeSigningKey();
    const claims = makeLicenseClaims();
    const file = signCompactJwsWithNodeCrypto(key, { alg: key.alg, kid: key.kid, typ: "JWT" }, JSON.stringify(claims));

    expect(await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).toMatchObject({
      valid: true,
      code: "VALID",
      claims,
    });
  });

  it("reports a genuinely signed file with an unencoded payload (b64 false) as MALFORMED", async () => {
    const key = await makeSigningKey();
    const file = signCompactJwsWithNodeCrypto(
      key,
      { alg: key.alg, kid: key.kid, crit: ["b64"], b64: false },
      JSON.stringify(makeLicenseClaims()),
    );

    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });

  it("refuses a genuinely signed file naming a critical extension the SDK does not understand as INVALID_SIGNATURE", async () => {
    const key = await makeSigningKey();
    const file = signCompactJwsWithNodeCrypto(
      key,
      { alg: key.alg, kid: key.kid, crit: ["urn:example:policy"], "urn:example:policy": 1 },
      JSON.stringify(makeLicenseClaims()),
    );

    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("INVALID_SIGNATURE");
  });

  it("reports a file whose header names no key as MALFORMED", async () => {
    const key = await makeSigningKey();
    const file = await new SignJWT({ ...makeLicenseClaims() })
      .setProtectedHeader({ alg: key.alg, typ: "JWT" })
      .sign(key.privateKey);

    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });

  it("reports a genuine signature over claims of the wrong shape as MALFORMED", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, { ...makeLicenseClaims(), seats: "five" });

    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });

  it("refuses an online validation token presented as a license file", async () => {
    const key = await makeSigningKey();
    const token = await signValidationToken(key, makeVerdict(), "2026-03-01T12:00:00Z");

    expect((await verifyLicenseFile(token, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });
});

describe("reading license files across format versions", () => {
  it("still verifies a file in the previous format (version 1, before `trial`) and reads it as not a trial", async () => {
    const key = await makeSigningKey();
    const { trial: _absentInVersion1, ...current } = makeLicenseClaims();
    const file = await signLicenseFile(key, { ...current, ver: 1 });

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, product: "studio" });

    expect(result).toMatchObject({ valid: true, code: "VALID", claims: { ver: 1, trial: false, seats: 5 } });
  });

  it("reads the trial flag of a current-format file", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims({ trial: true }));

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY });

    expect(result).toMatchObject({ valid: true, claims: { ver: 2, trial: true } });
  });

  it("refuses a current-format file without its `trial` claim as MALFORMED", async () => {
    const key = await makeSigningKey();
    const { trial: _missing, ...withoutTrial } = makeLicenseClaims();
    const file = await signLicenseFile(key, withoutTrial);

    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("MALFORMED");
  });

  it("refuses a file from an unknown future format with UNSUPPORTED_VERSION and says to update the app", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, { ...makeLicenseClaims(), ver: 3, seats: undefined, limits: { seats: 5 } });

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY });

    expect(result.code).toBe("UNSUPPORTED_VERSION");
    expect(result.detail).toBe(
      "This license file uses format version 3, which this app cannot read (it reads versions 1 and 2). Update the app to use it.",
    );
  });

  it("refuses a file from a format older than the previous one and says to download a new file", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, { ...makeLicenseClaims(), ver: 0 });

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY });

    expect(result.code).toBe("UNSUPPORTED_VERSION");
    expect(result.detail).toMatch(/download a new license file/i);
  });
});

describe("refusing genuine files used in the wrong place", () => {
  it("reports a file for another product as PRODUCT_MISMATCH", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims({ aud: "studio" }));

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, product: "render-farm" });

    expect(result).toMatchObject({ valid: false, code: "PRODUCT_MISMATCH", claims: { aud: "studio" } });
  });

  it("accepts a device-bound file on the device it was issued to", async () => {
    const key = await makeSigningKey();
    const claims = makeLicenseClaims();
    const file = await signLicenseFile(key, { ...claims, fph: await fingerprintHash(claims.sub, "machine-a") });

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, fingerprint: "machine-a" });

    expect(result.code).toBe("VALID");
  });

  it("reports a device-bound file on another device, or with no fingerprint given, as FINGERPRINT_MISMATCH", async () => {
    const key = await makeSigningKey();
    const claims = makeLicenseClaims();
    const file = await signLicenseFile(key, { ...claims, fph: await fingerprintHash(claims.sub, "machine-a") });

    expect(
      (await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, fingerprint: "machine-b" })).code,
    ).toBe("FINGERPRINT_MISMATCH");
    expect((await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY })).code).toBe("FINGERPRINT_MISMATCH");
  });

  it("accepts a file that is not device-bound whatever fingerprint is given", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims());

    expect(
      (await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, fingerprint: "machine-b" })).code,
    ).toBe("VALID");
  });
});

describe("checking time: not yet valid, expiry and grace", () => {
  it("reports a file whose nbf is beyond the allowed clock skew as NOT_YET_VALID", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims({ nbf: toSeconds("2026-01-01T00:00:00Z") }));

    const result = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2025-12-31T23:54:59Z") });

    expect(result.code).toBe("NOT_YET_VALID");
    expect(result.detail).toContain("2026-01-01");
  });

  it("accepts a file whose nbf is within the allowed clock skew", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims({ nbf: toSeconds("2026-01-01T00:00:00Z") }));

    expect((await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2025-12-31T23:55:00Z") })).code).toBe(
      "VALID",
    );
  });

  it("keeps a file valid in grace after exp and says until when", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(
      key,
      makeLicenseClaims({ exp: toSeconds("2026-07-01T00:00:00Z"), grace_days: 7 }),
    );

    const result = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-07-01T00:00:00Z") });

    expect(result).toMatchObject({
      valid: true,
      code: "VALID",
      inGrace: true,
      graceEndsAt: new Date("2026-07-08T00:00:00Z"),
    });
    expect(result.detail).toMatch(/connect to the internet before 2026-07-08/i);
  });

  it("reports a file as EXPIRED once grace has ended, asking for a refresh while the license runs on", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(
      key,
      makeLicenseClaims({ exp: toSeconds("2026-07-01T00:00:00Z"), grace_days: 7 }),
    );

    const result = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-07-08T00:00:00Z") });

    expect(result).toMatchObject({ valid: false, code: "EXPIRED" });
    expect(result.detail).toMatch(/refresh/i);
  });

  it("asks for a renewal when the license itself has ended, during and after grace", async () => {
    const key = await makeSigningKey();
    const ends = toSeconds("2026-07-01T00:00:00Z");
    const file = await signLicenseFile(key, makeLicenseClaims({ exp: ends, license_expires_at: ends, grace_days: 3 }));

    const inGrace = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-07-02T00:00:00Z") });
    const afterGrace = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-07-04T00:00:00Z") });

    expect(inGrace).toMatchObject({ valid: true, inGrace: true, graceEndsAt: new Date("2026-07-04T00:00:00Z") });
    expect(inGrace.detail).toMatch(/expired on 2026-07-01.*renew/i);
    expect(afterGrace).toMatchObject({ valid: false, code: "EXPIRED" });
    expect(afterGrace.detail).toMatch(/renew/i);
  });

  it("gives no grace when grace_days is 0", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(
      key,
      makeLicenseClaims({ exp: toSeconds("2026-07-01T00:00:00Z"), grace_days: 0 }),
    );

    expect((await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-07-01T00:00:00Z") })).code).toBe(
      "EXPIRED",
    );
  });
});

describe("detecting a clock set back", () => {
  it("reports CLOCK_ROLLBACK when the clock is behind the last time seen by more than the skew, and keeps the stored time", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims());
    const lastSeenMs = Date.parse("2026-07-20T00:00:00Z");
    const storage = createMemoryStorage(lastSeenMs);

    const result = await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, storage });

    expect(result).toMatchObject({ valid: false, code: "CLOCK_ROLLBACK" });
    expect(result.detail).toMatch(/clock/i);
    expect(storage.lastSeenMs()).toBe(lastSeenMs);
  });

  it("tolerates a clock behind the last time seen by less than the skew, without moving the stored time back", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims());
    const lastSeenMs = Date.parse("2026-03-01T12:04:00Z");
    const storage = createMemoryStorage(lastSeenMs);

    const result = await verifyLicenseFile(file, makeJwks(key), {
      now: DURING_VALIDITY,
      storage,
      clockSkewSeconds: 300,
    });

    expect(result.code).toBe("VALID");
    expect(storage.lastSeenMs()).toBe(lastSeenMs);
  });

  it("records the current time when it is later than the last time seen", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(key, makeLicenseClaims());
    const storage = createMemoryStorage(null);

    await verifyLicenseFile(file, makeJwks(key), { now: DURING_VALIDITY, storage });

    expect(storage.lastSeenMs()).toBe(DURING_VALIDITY().getTime());
  });

  it("catches a clock set back into the validity period after the file expired", async () => {
    const key = await makeSigningKey();
    const file = await signLicenseFile(
      key,
      makeLicenseClaims({ exp: toSeconds("2026-07-01T00:00:00Z"), grace_days: 7 }),
    );
    const storage = createMemoryStorage();

    const honest = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-08-01T00:00:00Z"), storage });
    const rolledBack = await verifyLicenseFile(file, makeJwks(key), { now: fixedNow("2026-06-30T00:00:00Z"), storage });

    expect(honest.code).toBe("EXPIRED");
    expect(rolledBack.code).toBe("CLOCK_ROLLBACK");
  });
});
