import { describe, expect, it } from "vitest";
import {
  createFakePortal,
  createFakeRevocationFeed,
  createMemoryRevocationStorage,
  fixedNow,
  makeJwks,
  makeLicenseClaims,
  makeLicenseKey,
  makeRevocationEntry,
  makeSigningKey,
  PORTAL_URL,
  signLicenseFile,
  toSeconds,
} from "../testing/factories.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { createRevocationSync } from "./revocation-sync.ts";
import { verifyLicenseFile } from "./verify-license-file.ts";

// makeLicenseClaims: nbf 2026-01-01, exp 2026-07-01, grace 7 days, license until 2027-01-01.
const DURING_VALIDITY = fixedNow("2026-03-01T12:00:00Z");

async function makeLicenseFile(claims = makeLicenseClaims()) {
  const key = await makeSigningKey();
  return { key, claims, file: await signLicenseFile(key, claims), jwks: makeJwks(key) };
}

describe("refusing a revoked license offline", () => {
  it("reports a file whose license is in a list of revocations as REVOKED", async () => {
    const { claims, file, jwks } = await makeLicenseFile();
    const revocations = [
      makeRevocationEntry(),
      makeRevocationEntry({ kind: "license", subject: claims.sub, licenseId: claims.sub }),
    ];

    const result = await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, revocations });

    expect(result).toMatchObject({ valid: false, code: "REVOKED", claims: { sub: claims.sub } });
    expect(result.detail).toMatch(/revoked/i);
  });

  it("rejects a revoked license after the client's next sync, with the portal unreachable at check time", async () => {
    const { key, claims, file, jwks } = await makeLicenseFile();
    const feed = createFakeRevocationFeed(key);
    let isPortalDown = false;
    const portal = createFakePortal({
      jwks: () => jwks,
      revocations: (request) => {
        if (isPortalDown) throw new TypeError("fetch failed");
        return feed.answer(request);
      },
    });
    const jwksCache = createJwksCache({
      url: `${PORTAL_URL}/.well-known/jwks.json`,
      fetch: portal.fetch,
      now: DURING_VALIDITY,
    });
    const revocations = createRevocationSync({
      baseUrl: PORTAL_URL,
      jwks: jwksCache,
      storage: createMemoryRevocationStorage(),
      fetch: portal.fetch,
      now: DURING_VALIDITY,
    });
    await revocations.sync();

    const beforeRevocation = await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, revocations });
    feed.revoke({ kind: "license", subject: claims.sub, licenseId: claims.sub });
    const revokedBeforeSync = await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, revocations });
    await revocations.sync();
    isPortalDown = true;
    const afterSync = await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, revocations });

    expect(beforeRevocation.code).toBe("VALID");
    expect(revokedBeforeSync.code).toBe("VALID");
    expect(afterSync.code).toBe("REVOKED");
  });

  it("keeps a file valid when only one of its license's keys is revoked", async () => {
    const { claims, file, jwks } = await makeLicenseFile();
    const revocations = [
      makeRevocationEntry({ kind: "license_key", subject: makeLicenseKey().slice(0, 7), licenseId: claims.sub }),
    ];

    expect((await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, revocations })).code).toBe("VALID");
  });

  it("reports REVOKED before a device mismatch or expiry, whose advice cannot help", async () => {
    const claims = makeLicenseClaims({ exp: toSeconds("2026-07-01T00:00:00Z"), grace_days: 0 });
    const { file, jwks } = await makeLicenseFile({ ...claims, fph: await fingerprintHash(claims.sub, "machine-a") });
    const revocations = [makeRevocationEntry({ subject: claims.sub, licenseId: claims.sub })];

    const result = await verifyLicenseFile(file, jwks, {
      now: fixedNow("2026-08-01T00:00:00Z"),
      fingerprint: "machine-b",
      revocations,
    });

    expect(result.code).toBe("REVOKED");
  });

  it("reports a file for another product as PRODUCT_MISMATCH even when its license is revoked", async () => {
    const { claims, file, jwks } = await makeLicenseFile();
    const revocations = [makeRevocationEntry({ subject: claims.sub, licenseId: claims.sub })];

    expect(
      (await verifyLicenseFile(file, jwks, { now: DURING_VALIDITY, product: "render-farm", revocations })).code,
    ).toBe("PRODUCT_MISMATCH");
  });
});
