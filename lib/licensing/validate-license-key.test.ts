import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { makeLicense, makeOrg, systemActor, testSecrets } from "@/testing/factories";
import { issueLicenseKey, signValidationResponse, validateLicenseKey, VALIDATION_AUDIENCE } from "./index";
import { VALIDATION_CODES } from "@/lib/validations/api";

const now = new Date("2026-11-23T12:00:00Z");
const portalUrl = "https://portal.example";

describe("online validation", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const seen = new Set<string>();

  async function licensedKey(fields: Partial<typeof t.licenses.$inferInsert> = {}) {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id, fields);
    const key = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now: () => now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    return { license, key };
  }

  async function validate(input: { key: string; fingerprint?: string; product?: string }) {
    const result = await validateLicenseKey(database.db, input, { hasher: secrets.hasher, now, portalUrl });
    seen.add(result.code);
    return result;
  }

  const addDevice = (licenseId: string, fingerprint: string, status: "active" | "deactivated" = "active") =>
    database.db.insert(t.devices).values({
      licenseId,
      name: fingerprint,
      status,
      fingerprintDigest: secrets.hasher.digest("device-fingerprint", fingerprint),
    });

  // The client API's codes are one list; these only the seat and usage endpoints answer (checking out a
  // floating seat, activating a device on a floating license: lib/devices/floating-leases.test.ts;
  // recording usage past a quota: lib/usage/record-usage.test.ts; a device activation past the
  // transfer limit: lib/devices/transfer-limits.test.ts). Named-user refusals: lib/seats/named-user-seats.test.ts.
  const SEAT_ENDPOINT_CODES = new Set([
    "NO_FLOATING_SEAT",
    "SEAT_MODEL_MISMATCH",
    "QUOTA_EXHAUSTED",
    "TRANSFER_LIMIT_REACHED",
    "SEAT_NOT_ASSIGNED",
    "TOO_MANY_USERS",
  ]);
  afterAll(() => {
    expect([...seen].sort()).toEqual(VALIDATION_CODES.filter((code) => !SEAT_ENDPOINT_CODES.has(code)).sort());
  });

  it("accepts an active key however it was typed, with the license's facts", async () => {
    const { license, key } = await licensedKey();
    const result = await validate({ key: key.plaintext.toLowerCase().replace(/-/g, " ") });
    expect(result).toMatchObject({
      valid: true,
      code: "VALID",
      license: { id: license.id, seats: 3, entitlements: ["export", "sync"] },
      key: { state: "active" },
    });
  });

  it("answers UNKNOWN_KEY alike for a typo and for a well-formed key nobody issued", async () => {
    const { key } = await licensedKey();
    const typo = key.plaintext.slice(0, 3) + (key.plaintext[3] === "A" ? "B" : "A") + key.plaintext.slice(4);
    const typoResult = await validate({ key: typo });
    const stranger = await validate({ key: "RK-0000-0000-0000-0000-0" });
    expect(typoResult).toEqual(stranger);
    expect(typoResult).toMatchObject({ valid: false, code: "UNKNOWN_KEY", license: null, key: null });
    expect(typoResult.detail).toContain(portalUrl);
  });

  it("names the product a key belongs to when the software asks about another", async () => {
    const { key } = await licensedKey();
    expect(await validate({ key: key.plaintext, product: "someone-elses-product" })).toMatchObject({
      valid: false,
      code: "PRODUCT_MISMATCH",
    });
  });

  it.each([
    ["SUSPENDED", { status: "suspended" as const }],
    ["REVOKED", { status: "revoked" as const }],
    ["EXPIRED", { expiresAt: new Date("2026-11-01T00:00:00Z") }],
    ["EXPIRED", { status: "expired" as const }],
    ["NOT_YET_VALID", { startsAt: new Date("2026-12-01T00:00:00Z"), expiresAt: new Date("2027-12-01T00:00:00Z") }],
  ])("answers %s for a license in that state, with what to do", async (code, fields) => {
    const { key } = await licensedKey(fields);
    const result = await validate({ key: key.plaintext });
    expect(result).toMatchObject({ valid: false, code });
    expect(result.detail.length).toBeGreaterThan(20);
  });

  it("names the edition's licensing model, and past expiry keeps only what its expiry strategy keeps (issue 18)", async () => {
    const expiredOn = new Date("2026-11-01T00:00:00Z");
    const expiredWith = async (model: Partial<typeof t.editions.$inferInsert>) => {
      const { license, key } = await licensedKey({ expiresAt: expiredOn });
      await database.db.update(t.editions).set(model).where(eq(t.editions.id, license.editionId));
      return validate({ key: key.plaintext });
    };
    const stopped = await expiredWith({ expiryStrategy: "revoke_after_grace" });
    expect(stopped).toMatchObject({
      valid: false,
      code: "EXPIRED",
      license: { seatModel: "device", overageStrategy: "none", expiryStrategy: "revoke_after_grace" },
    });
    expect(stopped.keptAccess).toBeUndefined();

    const restricted = await expiredWith({ expiryStrategy: "restrict", featuresAfterExpiry: ["export"] });
    expect(restricted).toMatchObject({
      valid: true,
      code: "EXPIRED",
      keptAccess: { strategy: "restrict" },
      license: { entitlements: ["export"], expiryStrategy: "restrict" },
    });
    expect(restricted.detail).toContain("Some features keep working");

    const maintained = await expiredWith({ expiryStrategy: "maintain_access", seatModel: "floating" });
    expect(maintained).toMatchObject({
      valid: true,
      code: "EXPIRED",
      keptAccess: { strategy: "maintain_access", releasedBefore: expiredOn.toISOString() },
      license: { entitlements: ["export", "sync"], seatModel: "floating" },
    });
    expect(maintained.detail).toContain("Versions released before then keep working");
  });

  it("keeps an old key valid while it overlaps with its successor, then retires it", async () => {
    const { license, key } = await licensedKey();
    const overlapEnds = new Date(now.getTime() + 7 * 86_400_000);
    await database.db
      .update(t.licenseKeys)
      .set({ state: "retiring", retiresAt: overlapEnds })
      .where(eq(t.licenseKeys.id, key.keyId));
    const rotating = await validate({ key: key.plaintext });
    expect(rotating).toMatchObject({
      valid: true,
      code: "VALID_ROTATING",
      key: { state: "retiring", rotatesAt: overlapEnds.toISOString(), newKeyReady: true },
    });
    expect(rotating.detail).toContain(`/licenses/${license.id}#key`);
    await database.db.update(t.licenseKeys).set({ retiresAt: now }).where(eq(t.licenseKeys.id, key.keyId));
    expect(await validate({ key: key.plaintext })).toMatchObject({ valid: false, code: "KEY_RETIRED" });
    await database.db.update(t.licenseKeys).set({ state: "retired" }).where(eq(t.licenseKeys.id, key.keyId));
    expect(await validate({ key: key.plaintext })).toMatchObject({ valid: false, code: "KEY_RETIRED" });
  });

  it("answers REVOKED for a revoked key on an active license", async () => {
    const { key } = await licensedKey();
    await database.db.update(t.licenseKeys).set({ state: "revoked" }).where(eq(t.licenseKeys.id, key.keyId));
    expect(await validate({ key: key.plaintext })).toMatchObject({ valid: false, code: "REVOKED" });
  });

  it("checks the device: activated passes, a free seat needs activation, full seats and node locks say how to free one", async () => {
    const { license, key } = await licensedKey({ seats: 2 });
    await addDevice(license.id, "machine-one");
    expect(await validate({ key: key.plaintext, fingerprint: "machine-one" })).toMatchObject({ code: "VALID" });
    expect(await validate({ key: key.plaintext, fingerprint: "machine-two" })).toMatchObject({ code: "NOT_ACTIVATED" });
    await addDevice(license.id, "machine-two", "deactivated");
    expect(await validate({ key: key.plaintext, fingerprint: "machine-two" })).toMatchObject({ code: "NOT_ACTIVATED" });
    await addDevice(license.id, "machine-three");
    const full = await validate({ key: key.plaintext, fingerprint: "machine-four" });
    expect(full).toMatchObject({ valid: false, code: "TOO_MANY_DEVICES" });
    expect(full.detail).toContain("All 2 seats");

    const locked = await licensedKey({ seats: 1 });
    await addDevice(locked.license.id, "the-only-machine");
    expect(await validate({ key: locked.key.plaintext, fingerprint: "another-machine" })).toMatchObject({
      code: "FINGERPRINT_MISMATCH",
    });
  });

  it("signs the answer so the client can verify it against the JWKS and check its nonce", async () => {
    const { key } = await licensedKey();
    const ctx = { db: database.db, now: () => now, actor: systemActor };
    await ensureSigningKeys(ctx, { ring: secrets.ring });
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const body = await signValidationResponse(signer, await validate({ key: key.plaintext }), {
      nonce: "nonce-1234",
      now,
      issuer: portalUrl,
    });
    const { payload } = await jwtVerify(body.token, createLocalJWKSet({ keys: await signer.publicKeys() }), {
      audience: VALIDATION_AUDIENCE,
      currentDate: now,
    });
    expect(payload).toMatchObject({
      valid: true,
      code: "VALID",
      meta: { nonce: "nonce-1234", ts: now.toISOString() },
      iss: portalUrl,
    });
    expect(body.meta.nonce).toBe("nonce-1234");
    expect(JSON.stringify(body)).not.toContain(key.plaintext);
  });
});
