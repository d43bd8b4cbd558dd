import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { verifyAuditChain } from "@/lib/audit";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, Forbidden, InvalidInput } from "@/lib/errors";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { makeLicenseWithKey, makeUser, orgCtx, staffCtx, testSecrets } from "@/testing/factories";
import {
  changeLicenseSeats,
  extendLicenseExpiry,
  finaliseDueRevocations,
  previewLicenseRevocation,
  resumeLicense,
  revokeLicense,
  suspendLicense,
  undoLicenseRevocation,
  validateLicenseKey,
} from "./index";

const HOUR = 3_600_000;
const deps = { mailer: devMailboxMailer, portalUrl: "https://portal.example" };

describe("license lifecycle", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  const reason = { reason: "customer asked on ticket 4411", reasonCategory: "customer_request" as const };

  async function setup(fields: Partial<typeof t.licenses.$inferInsert> = {}) {
    const customer = await makeLicenseWithKey(database.db, secrets, { now, ...fields });
    const staff = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    return { ...customer, staff };
  }
  const validate = (key: string) =>
    validateLicenseKey(database.db, { key }, { hasher: secrets.hasher, now: now(), portalUrl: deps.portalUrl });
  const auditOf = (licenseId: string, action: string) =>
    database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, licenseId), eq(t.auditEvents.action, action)));

  it("suspends and resumes, with the reason and category in the audit trail and the customer told each time", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, key, user } = await setup();
    await suspendLicense(staff, { licenseId: license.id, ...reason }, deps);
    expect(await validate(key.plaintext)).toMatchObject({ valid: false, code: "SUSPENDED" });
    await expect(suspendLicense(staff, { licenseId: license.id, ...reason }, deps)).rejects.toBeInstanceOf(Conflict);
    await resumeLicense(staff, { licenseId: license.id, ...reason }, deps);
    expect(await validate(key.plaintext)).toMatchObject({ valid: true, code: "VALID" });

    const [suspended] = await auditOf(license.id, "license.suspended");
    expect(suspended).toMatchObject({
      actorLabel: staff.actor.email,
      reason: reason.reason,
      data: expect.objectContaining({ reasonCategory: "customer_request", from: "active", to: "suspended" }),
    });
    expect(await auditOf(license.id, "license.resumed")).toHaveLength(1);
    const mail = await listMailbox(database.db, { to: user.email });
    expect(mail.map((m) => m.message.subject)).toEqual([
      expect.stringContaining("is active again"),
      expect.stringContaining("is suspended"),
    ]);
  });

  it("revokes through an undo window: suspended at once, undone back to active, and the key works again", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, key, user } = await setup();
    const preview = await previewLicenseRevocation(staff, license.id);
    expect(preview).toMatchObject({
      undoHours: 72,
      activeDevices: 0,
      keys: [{ state: "active", prefix: key.prefix }],
      permanentAt: new Date(clock.getTime() + 72 * HOUR),
    });

    const revoking = await revokeLicense(staff, { licenseId: license.id, ...reason }, deps);
    expect(revoking).toMatchObject({ status: "revoking", revokesAt: new Date(clock.getTime() + 72 * HOUR) });
    expect(await validate(key.plaintext)).toMatchObject({
      valid: false,
      code: "SUSPENDED",
      license: { status: "suspended" },
    });
    const notice = (await listMailbox(database.db, { to: user.email }))[0]!;
    expect(notice.message).toMatchObject({
      subject: expect.stringContaining("will be revoked"),
      template: "license-notice",
      props: { kind: "revoking", revokesAt: revoking.revokesAt!.toISOString() },
    });

    clock = new Date(clock.getTime() + 71 * HOUR);
    await undoLicenseRevocation(
      orgCtx(database.db, { orgId: license.orgId, user, now }),
      { licenseId: license.id, reason: "revoked the wrong license" },
      deps,
    );
    expect(await validate(key.plaintext)).toMatchObject({ valid: true, code: "VALID" });
    expect((await auditOf(license.id, "license.revocation_undone"))[0]).toMatchObject({
      actorLabel: user.email,
      data: expect.objectContaining({ from: "revoking", to: "active" }),
    });
    // The worker finds nothing to finalise once undone.
    clock = new Date(clock.getTime() + 10 * HOUR);
    expect(
      await finaliseDueRevocations({ db: database.db, now, actor: { type: "system", label: "worker" } }, deps),
    ).toEqual({ finalised: 0 });
  });

  it("returns a suspended license to suspended, not active, when its revocation is undone", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license } = await setup();
    await suspendLicense(staff, { licenseId: license.id, ...reason }, deps);
    await revokeLicense(staff, { licenseId: license.id, ...reason }, deps);
    expect((await undoLicenseRevocation(staff, { licenseId: license.id, ...reason }, deps)).status).toBe("suspended");
  });

  it("becomes permanent when the worker runs after the window: keys revoked, published in the feed, no undo", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, key, user } = await setup();
    await revokeLicense(staff, { licenseId: license.id, ...reason }, deps);
    const worker = { db: database.db, now, actor: { type: "system" as const, label: "worker" } };
    clock = new Date(clock.getTime() + 72 * HOUR - 1);
    expect(await finaliseDueRevocations(worker, deps)).toEqual({ finalised: 0 });
    clock = new Date(clock.getTime() + 1);
    expect(await finaliseDueRevocations(worker, deps)).toEqual({ finalised: 1 });

    expect(await validate(key.plaintext)).toMatchObject({ valid: false, code: "REVOKED" });
    const [row] = await database.db.select().from(t.licenses).where(eq(t.licenses.id, license.id));
    expect(row).toMatchObject({ status: "revoked", revokesAt: null, revokedAt: clock });
    const feed = await database.db.select().from(t.revocations).where(eq(t.revocations.licenseId, license.id));
    expect(feed.map((entry) => entry.kind).sort()).toEqual(["license", "license_key"]);
    await expect(undoLicenseRevocation(staff, { licenseId: license.id, ...reason }, deps)).rejects.toThrow(/permanent/);
    expect((await listMailbox(database.db, { to: user.email }))[0]!.message.subject).toContain("was revoked");
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it("refuses an undo once the window has passed even before the worker ran", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license } = await setup();
    await revokeLicense(staff, { licenseId: license.id, ...reason }, deps);
    clock = new Date(clock.getTime() + 73 * HOUR);
    await expect(undoLicenseRevocation(staff, { licenseId: license.id, ...reason }, deps)).rejects.toThrow(
      /window has closed/,
    );
  });

  it("skips the wait for an emergency revocation, which only staff may ask for", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, key, ctx } = await setup();
    await expect(
      revokeLicense(ctx, { licenseId: license.id, reason: "leaked", isEmergency: true }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    const revoked = await revokeLicense(
      staff,
      { licenseId: license.id, reason: "key posted publicly", reasonCategory: "security", isEmergency: true },
      deps,
    );
    expect(revoked.status).toBe("revoked");
    expect(await validate(key.plaintext)).toMatchObject({ code: "REVOKED" });
  });

  it("lets an owner request revocation of their own license, but not a member", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, user, ctx } = await setup();
    await expect(
      revokeLicense({ ...ctx, memberRole: "member" }, { licenseId: license.id, reason: "not needed" }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    const revoking = await revokeLicense(
      orgCtx(database.db, { orgId: license.orgId, user, now }),
      { licenseId: license.id, reason: "we no longer use it" },
      deps,
    );
    expect(revoking.status).toBe("revoking");
  });

  it("extends the expiry, bringing an expired license back to active, and refuses an earlier date", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, key } = await setup({ status: "expired", expiresAt: new Date("2026-11-01T00:00:00Z") });
    expect(await validate(key.plaintext)).toMatchObject({ code: "EXPIRED" });
    const earlier = extendLicenseExpiry(
      staff,
      { licenseId: license.id, expiresAt: new Date("2026-11-20T00:00:00Z"), ...reason },
      deps,
    );
    await expect(earlier).rejects.toBeInstanceOf(InvalidInput);
    await expect(earlier).rejects.toMatchObject({
      fieldErrors: { expiresAt: [expect.stringContaining("after 2026-11-23")] },
    });
    const extended = await extendLicenseExpiry(
      staff,
      { licenseId: license.id, expiresAt: new Date("2027-12-31T23:59:59Z"), ...reason },
      deps,
    );
    expect(extended).toMatchObject({ status: "active", expiresAt: new Date("2027-12-31T23:59:59Z") });
    expect(await validate(key.plaintext)).toMatchObject({ code: "VALID" });
    expect(await auditOf(license.id, "license.reinstated")).toHaveLength(1);
  });

  it("changes seats but never below the devices in use, says what to do instead, and tells the owners", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { staff, license, user } = await setup({ seats: 5 });
    await database.db.insert(t.devices).values(
      ["a", "b", "c"].map((name) => ({
        licenseId: license.id,
        fingerprintDigest: `fp-${name}`,
        name,
        status: "active" as const,
      })),
    );
    const tooFew = changeLicenseSeats(staff, { licenseId: license.id, seats: 2, ...reason }, deps);
    await expect(tooFew).rejects.toMatchObject({
      fieldErrors: {
        seats: [expect.stringContaining("3 devices are active on this license. Deactivate 1 of them first")],
      },
    });
    expect((await changeLicenseSeats(staff, { licenseId: license.id, seats: 3, ...reason }, deps)).seats).toBe(3);
    expect((await auditOf(license.id, "license.seats_changed"))[0]).toMatchObject({
      reason: reason.reason,
      data: expect.objectContaining({ from: 5, to: 3, reasonCategory: "customer_request" }),
    });
    const [notice] = await listMailbox(database.db, { to: user.email });
    expect(notice?.message).toMatchObject({
      template: "license-notice",
      props: { kind: "seats_changed", change: { from: "5", to: "3" } },
    });
  });
});
