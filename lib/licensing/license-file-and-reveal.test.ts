import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { NotFound, PolicyViolation } from "@/lib/errors";
import { SecondFactorEnrolmentRequired, SecondFactorRequired } from "@/lib/mfa";
import { setSecondFactorPolicy } from "@/lib/orgs";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { fixedNow, keyMaterialPass, makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/testing/factories";
import { verifyLicenseFile } from "@/packages/sdk/src";
import {
  admitToKeyMaterial,
  issueLicenseFile,
  issueLicenseKey,
  ReauthenticationRequired,
  revealLicenseKey,
} from "./index";

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
    const key = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    return { ctx: orgCtx(db, { orgId: org.id, user, now }), license, key, org };
  }

  beforeAll(async () => {
    await ensureSigningKeys({ db: database.db, now, actor: systemActor }, { ring: secrets.ring });
  });

  it("issues a device-bound file that the SDK verifies offline on that device only", async () => {
    const { ctx, license } = await customerWithKey();
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const file = await issueLicenseFile(
      ctx,
      await keyMaterialPass(ctx, license.id),
      { licenseId: license.id, fingerprint: "machine-a" },
      { signer, issuer: "https://portal.example/" },
    );
    const jwks = { keys: await signer.publicKeys() };
    const { payload } = await jwtVerify(file.token, createLocalJWKSet(jwks), { currentDate: now() });
    expect(payload).toMatchObject({
      sub: license.id,
      iss: "https://portal.example/",
      ver: 2,
      trial: false,
      seats: 3,
      fph: expect.any(String),
    });
    // 30-day refresh horizon is sooner than the license's expiry in 2027.
    expect(payload.exp! - payload.iat!).toBe(30 * 86_400);
    expect((await verifyLicenseFile(file.token, jwks, { now, fingerprint: "machine-a" })).code).toBe("VALID");
    expect((await verifyLicenseFile(file.token, jwks, { now, fingerprint: "machine-b" })).code).toBe(
      "FINGERPRINT_MISMATCH",
    );
  });

  it("carries the edition's expiry strategy, and under restrict the entitlements kept after expiry (issue 18)", async () => {
    const { ctx, license } = await customerWithKey();
    await database.db
      .update(t.editions)
      .set({ expiryStrategy: "restrict", featuresAfterExpiry: ["export", "not-granted"] })
      .where(eq(t.editions.id, license.editionId));
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const file = await issueLicenseFile(
      ctx,
      await keyMaterialPass(ctx, license.id),
      { licenseId: license.id },
      { signer, issuer: "https://portal.example/" },
    );
    const checked = await verifyLicenseFile(file.token, { keys: await signer.publicKeys() }, { now });
    expect(checked).toMatchObject({
      code: "VALID",
      claims: { expiry_strategy: "restrict", entitlements_after_expiry: ["export"] },
    });
  });

  it("refuses a file for a suspended license and for another organisation's license", async () => {
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const suspended = await customerWithKey({ status: "suspended" });
    const pass = await keyMaterialPass(suspended.ctx, suspended.license.id);
    await expect(
      issueLicenseFile(suspended.ctx, pass, { licenseId: suspended.license.id }, { signer, issuer: "x" }),
    ).rejects.toBeInstanceOf(PolicyViolation);
    const other = await customerWithKey();
    await expect(keyMaterialPass(suspended.ctx, other.license.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("reveals a key only after a recent sign-in, records it, and never stores the plaintext anywhere readable", async () => {
    const { ctx, license, key, org } = await customerWithKey();
    const stale = new Date(now().getTime() - 16 * 60_000);
    await expect(
      admitToKeyMaterial(ctx, { signedInAt: stale, secondFactor: noSecondFactor }, { licenseId: license.id }),
    ).rejects.toBeInstanceOf(ReauthenticationRequired);
    const fresh = new Date(now().getTime() - 60_000);
    const pass = await admitToKeyMaterial(
      ctx,
      { signedInAt: fresh, secondFactor: noSecondFactor },
      { licenseId: license.id },
    );
    const revealed = await revealLicenseKey(
      ctx,
      pass,
      { licenseId: license.id, keyId: key.keyId, purpose: "copy" },
      { ring: secrets.ring },
    );
    expect(revealed.key).toBe(key.plaintext);

    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toEqual(["license_key.issued", "license_key.copied"]);
    const everything = JSON.stringify([
      audit,
      await database.db.select().from(t.licenseKeys),
      await database.db.select().from(t.outbox),
    ]);
    expect(everything).not.toContain(key.plaintext);
    expect(everything).not.toContain(key.plaintext.replace(/-/g, ""));
  });

  it("answers NotFound for another organisation's license, and for another license's key", async () => {
    const mine = await customerWithKey();
    const theirs = await customerWithKey();
    await expect(keyMaterialPass(mine.ctx, theirs.license.id)).rejects.toBeInstanceOf(NotFound);
    const pass = await keyMaterialPass(mine.ctx, mine.license.id);
    await expect(
      revealLicenseKey(
        mine.ctx,
        pass,
        { licenseId: mine.license.id, keyId: theirs.key.keyId, purpose: "reveal" },
        { ring: secrets.ring },
      ),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses to open a key or sign a file with a pass for another license or person, or a forged one", async () => {
    const { ctx, license, key, org } = await customerWithKey();
    const second = await makeLicense(database.db, org.id);
    const passForSecond = await keyMaterialPass(ctx, second.id);
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    await expect(
      revealLicenseKey(
        ctx,
        passForSecond,
        { licenseId: license.id, keyId: key.keyId, purpose: "reveal" },
        { ring: secrets.ring },
      ),
    ).rejects.toThrow(/without the gate's pass/);
    await expect(
      issueLicenseFile(ctx, passForSecond, { licenseId: license.id }, { signer, issuer: "x" }),
    ).rejects.toThrow(/without the gate's pass/);
    const forged = { orgId: org.id, userId: ctx.actor.userId, licenseId: license.id } as unknown as Parameters<
      typeof revealLicenseKey
    >[1];
    await expect(
      revealLicenseKey(
        ctx,
        forged,
        { licenseId: license.id, keyId: key.keyId, purpose: "reveal" },
        { ring: secrets.ring },
      ),
    ).rejects.toThrow(/without the gate's pass/);
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toEqual(["license_key.issued"]);
  });

  it("admits a member like an owner, and refuses someone whose membership was removed", async () => {
    const { license, org } = await customerWithKey();
    const { user: member } = await makeOrg(database.db);
    await database.db.insert(t.orgMembers).values({ orgId: org.id, userId: member.id, role: "member" });
    const memberCtx = orgCtx(database.db, { orgId: org.id, user: member, role: "member", now });
    expect((await keyMaterialPass(memberCtx, license.id)).licenseId).toBe(license.id);
    await database.db.delete(t.orgMembers).where(eq(t.orgMembers.userId, member.id));
    await expect(keyMaterialPass(memberCtx, license.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses reveal without a verified second factor once the owner requires it, and says what to do", async () => {
    const { ctx, license, key } = await customerWithKey();
    const reveal = async (secondFactor: { isEnrolled: boolean; isVerified: boolean }) =>
      revealLicenseKey(
        ctx,
        await admitToKeyMaterial(ctx, { signedInAt: now(), secondFactor }, { licenseId: license.id }),
        { licenseId: license.id, keyId: key.keyId, purpose: "reveal" },
        { ring: secrets.ring },
      );
    expect((await reveal(noSecondFactor)).key).toBe(key.plaintext);
    await setSecondFactorPolicy(ctx, { requireForKeys: true });
    await expect(reveal(noSecondFactor)).rejects.toBeInstanceOf(SecondFactorEnrolmentRequired);
    await expect(reveal({ isEnrolled: true, isVerified: false })).rejects.toBeInstanceOf(SecondFactorRequired);
    expect((await reveal({ isEnrolled: true, isVerified: true })).key).toBe(key.plaintext);
  });
});
