import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/lib/db/testing";
import { NotFound, PolicyViolation } from "@/lib/errors";
import { SecondFactorEnrolmentRequired, SecondFactorRequired } from "@/lib/mfa";
import { setSecondFactorPolicy } from "@/lib/orgs";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { fixedNow, makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/lib/testing/factories";
import { verifyLicenseFile } from "@/packages/sdk/src";
import { issueLicenseFile, issueLicenseKey, ReauthenticationRequired, revealLicenseKey } from "./index";

const NOW = "2026-11-23T12:00:00Z";
const noSecondFactor = { isEnrolled: false, isVerified: false };

describe("license files and key reveal", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow(NOW);

  async function customerWithKey(fields: Partial<typeof t.licenses.$inferInsert> = {}) {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const license = await makeLicense(db, org.id, fields);
    const key = await db.transaction((tx) => issueLicenseKey(tx, { db, now, actor: systemActor }, { licenseId: license.id, orgId: org.id, state: "active", secrets }));
    return { ctx: orgCtx(db, { orgId: org.id, user, now }), license, key, org };
  }

  beforeAll(async () => {
    await ensureSigningKeys({ db: database.db, now, actor: systemActor }, { ring: secrets.ring });
  });

  it("issues a device-bound file that the SDK verifies offline on that device only", async () => {
    const { ctx, license } = await customerWithKey();
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const file = await issueLicenseFile(ctx, { licenseId: license.id, fingerprint: "machine-a" }, { signer, issuer: "https://portal.example/" });
    const jwks = { keys: await signer.publicKeys() };
    const { payload } = await jwtVerify(file.token, createLocalJWKSet(jwks), { currentDate: now() });
    expect(payload).toMatchObject({ sub: license.id, iss: "https://portal.example/", ver: 2, trial: false, seats: 3, fph: expect.any(String) });
    // 30-day refresh horizon is sooner than the license's expiry in 2027.
    expect(payload.exp! - payload.iat!).toBe(30 * 86_400);
    expect((await verifyLicenseFile(file.token, jwks, { now, fingerprint: "machine-a" })).code).toBe("VALID");
    expect((await verifyLicenseFile(file.token, jwks, { now, fingerprint: "machine-b" })).code).toBe("FINGERPRINT_MISMATCH");
  });

  it("refuses a file for a suspended license and for another organisation's license", async () => {
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const suspended = await customerWithKey({ status: "suspended" });
    await expect(issueLicenseFile(suspended.ctx, { licenseId: suspended.license.id }, { signer, issuer: "x" })).rejects.toBeInstanceOf(PolicyViolation);
    const other = await customerWithKey();
    await expect(issueLicenseFile(suspended.ctx, { licenseId: other.license.id }, { signer, issuer: "x" })).rejects.toBeInstanceOf(NotFound);
  });

  it("reveals a key only after a recent sign-in, records it, and never stores the plaintext anywhere readable", async () => {
    const { ctx, license, key, org } = await customerWithKey();
    const stale = new Date(now().getTime() - 16 * 60_000);
    await expect(revealLicenseKey(ctx, { licenseId: license.id, keyId: key.keyId, purpose: "reveal" }, { ring: secrets.ring, signedInAt: stale, secondFactor: noSecondFactor })).rejects.toBeInstanceOf(
      ReauthenticationRequired,
    );
    const fresh = new Date(now().getTime() - 60_000);
    const revealed = await revealLicenseKey(ctx, { licenseId: license.id, keyId: key.keyId, purpose: "copy" }, { ring: secrets.ring, signedInAt: fresh, secondFactor: noSecondFactor });
    expect(revealed.key).toBe(key.plaintext);

    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toEqual(["license_key.issued", "license_key.copied"]);
    const everything = JSON.stringify([audit, await database.db.select().from(t.licenseKeys), await database.db.select().from(t.outbox)]);
    expect(everything).not.toContain(key.plaintext);
    expect(everything).not.toContain(key.plaintext.replace(/-/g, ""));
  });

  it("answers NotFound for a key of another organisation's license", async () => {
    const mine = await customerWithKey();
    const theirs = await customerWithKey();
    await expect(
      revealLicenseKey(mine.ctx, { licenseId: theirs.license.id, keyId: theirs.key.keyId, purpose: "reveal" }, { ring: secrets.ring, signedInAt: now(), secondFactor: noSecondFactor }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses reveal without a verified second factor once the owner requires it, and says what to do", async () => {
    const { ctx, license, key } = await customerWithKey();
    const reveal = (secondFactor: { isEnrolled: boolean; isVerified: boolean }) =>
      revealLicenseKey(ctx, { licenseId: license.id, keyId: key.keyId, purpose: "reveal" }, { ring: secrets.ring, signedInAt: now(), secondFactor });
    expect((await reveal(noSecondFactor)).key).toBe(key.plaintext);
    await setSecondFactorPolicy(ctx, { requireForKeys: true });
    await expect(reveal(noSecondFactor)).rejects.toBeInstanceOf(SecondFactorEnrolmentRequired);
    await expect(reveal({ isEnrolled: true, isVerified: false })).rejects.toBeInstanceOf(SecondFactorRequired);
    expect((await reveal({ isEnrolled: true, isVerified: true })).key).toBe(key.plaintext);
  });
});
