import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { NotFound } from "@/lib/errors";
import {
  fixedNow,
  makeLicense,
  makeLicenseWithKey,
  makeOrg,
  makeUser,
  orgCtx,
  staffCtx,
  testSecrets,
} from "@/testing/factories";
import { customerSearchSchema } from "@/lib/validations/licenses";
import { getLicense, isExpiringSoon, listLicenses, searchCustomers } from "./index";

describe("licenses, scoped to the caller's organisation", () => {
  const database = useTestDatabase();

  it("lists only the caller's licenses, with seats in use counted from active devices", async () => {
    const { db } = database;
    const a = await makeOrg(db);
    const b = await makeOrg(db);
    const mine = await makeLicense(db, a.org.id, { seats: 2 });
    await makeLicense(db, b.org.id);
    await db.insert(t.devices).values([
      { licenseId: mine.id, fingerprintDigest: "f1", name: "one", status: "active" },
      { licenseId: mine.id, fingerprintDigest: "f2", name: "two", status: "deactivated" },
    ]);
    const licenses = await listLicenses(orgCtx(db, { orgId: a.org.id, user: a.user }));
    expect(licenses.map((l) => l.id)).toEqual([mine.id]);
    expect(licenses[0]).toMatchObject({ seats: 2, seatsUsed: 1 });
  });

  it("returns a license with entitlements to its owner and NotFound to anyone else", async () => {
    const { db } = database;
    const a = await makeOrg(db);
    const b = await makeOrg(db);
    const license = await makeLicense(db, a.org.id);
    const detail = await getLicense(orgCtx(db, { orgId: a.org.id, user: a.user }), license.id);
    expect(detail.entitlements.map((e) => e.code).sort()).toEqual(["export", "sync"]);
    await expect(getLicense(orgCtx(db, { orgId: b.org.id, user: b.user }), license.id)).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it("flags active licenses that expire within 30 days as expiring soon", () => {
    const now = fixedNow("2026-11-23T00:00:00Z")();
    expect(isExpiringSoon({ status: "active", expiresAt: new Date("2026-12-10T00:00:00Z") }, now)).toBe(true);
    expect(isExpiringSoon({ status: "active", expiresAt: new Date("2027-02-01T00:00:00Z") }, now)).toBe(false);
    expect(isExpiringSoon({ status: "suspended", expiresAt: new Date("2026-12-10T00:00:00Z") }, now)).toBe(false);
    expect(isExpiringSoon({ status: "active", expiresAt: null }, now)).toBe(false);
  });
});

describe("staff customer search", () => {
  const database = useTestDatabase();

  it("finds by organisation name, member email and exact license id, and treats % literally", async () => {
    const { db } = database;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }));
    const a = await makeOrg(db);
    const license = await makeLicense(db, a.org.id);
    const byName = await searchCustomers(staff, { q: a.org.name.toUpperCase(), page: 1 });
    expect(byName.rows.map((r) => r.licenseId)).toEqual([license.id]);
    const byEmail = await searchCustomers(staff, { q: a.user.email, page: 1 });
    expect(byEmail.rows.map((r) => r.orgId)).toEqual([a.org.id]);
    const byId = await searchCustomers(staff, { q: license.id, page: 1 });
    expect(byId.rows.map((r) => r.licenseId)).toEqual([license.id]);
    expect((await searchCustomers(staff, { q: "%", page: 1 })).total).toBe(0);
  });

  it("finds by a key's public prefix and by device name, and refuses a whole pasted key", async () => {
    const { db } = database;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }));
    const secrets = testSecrets();
    const { license, key } = await makeLicenseWithKey(db, secrets);
    await db.insert(t.devices).values({
      licenseId: license.id,
      fingerprintDigest: "f-search",
      name: `build-agent-${license.id.slice(0, 6)}`,
      status: "active",
    });
    const byPrefix = await searchCustomers(staff, { q: key.prefix.toLowerCase().replace("-", ""), page: 1 });
    expect(byPrefix.rows.map((r) => r.licenseId)).toContain(license.id);
    const byDevice = await searchCustomers(staff, { q: `BUILD-AGENT-${license.id.slice(0, 6)}`, page: 1 });
    expect(byDevice.rows.map((r) => r.licenseId)).toEqual([license.id]);
    const pasted = customerSearchSchema.safeParse({ q: key.plaintext });
    expect(pasted.success).toBe(false);
    expect(pasted.error?.issues[0]?.message).toContain("Search by its prefix only");
  });

  it("paginates", async () => {
    const { db } = database;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }));
    const { org } = await makeOrg(db);
    for (let i = 0; i < 23; i += 1) await makeLicense(db, org.id);
    const first = await searchCustomers(staff, { q: org.name, page: 1 });
    const second = await searchCustomers(staff, { q: org.name, page: 2 });
    expect([first.rows.length, second.rows.length, first.total, first.pageCount]).toEqual([20, 3, 23, 2]);
  });
});
