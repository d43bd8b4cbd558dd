import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Forbidden } from "@/lib/errors";
import { useTestDatabase } from "@/testing/test-database";
import { makeLicense, makeOrg, makeUser, staffCtx, testNoticeDeps } from "@/testing/factories";
import {
  approveRequest,
  extendLicenseAsStaff,
  findFourEyesPolicy,
  rejectRequest,
  revokeLicenseAsStaff,
  saveFourEyesPolicy,
} from "./index";

const why = { reason: "customer asked us to end the contract", reasonCategory: "customer_request" as const };
const deps = { ...testNoticeDeps, approvalTtlHours: 24 };

describe("the four-eyes policy", () => {
  const database = useTestDatabase();

  async function setup(policy: { licenseRevoke: boolean; extendBeyondDays?: number }) {
    const { db } = database;
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support");
    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin");
    const secondAdmin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin");
    await saveFourEyesPolicy(admin, { ...policy, reason: "tightening support actions", reasonCategory: "security" });
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const statusOf = async () =>
      (await db.select({ status: t.licenses.status }).from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!.status;
    return { db, support, admin, secondAdmin, license, statusOf };
  }

  it("makes a support revocation wait for a second staff member, then revokes on their approval", async () => {
    const { support, secondAdmin, license, statusOf } = await setup({ licenseRevoke: true });
    const outcome = await revokeLicenseAsStaff(support, { licenseId: license.id, ...why }, deps);
    expect(outcome.isAwaitingApproval).toBe(true);
    expect(await statusOf()).toBe("active");
    if (!outcome.isAwaitingApproval) return;
    await approveRequest(secondAdmin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    expect(await statusOf()).toBe("revoking");
  });

  it("refuses the requester's own approval and rejection, and the license stays as it was", async () => {
    const { admin, license, statusOf } = await setup({ licenseRevoke: true });
    const outcome = await revokeLicenseAsStaff(admin, { licenseId: license.id, ...why }, deps);
    if (!outcome.isAwaitingApproval) throw new Error("expected the revocation to wait for approval");
    await expect(
      approveRequest(admin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(rejectRequest(admin, { approvalId: outcome.approvalId, ...why })).rejects.toBeInstanceOf(Forbidden);
    expect(await statusOf()).toBe("active");
  });

  it("lets support revoke alone when the policy does not require approval", async () => {
    const { support, license, statusOf } = await setup({ licenseRevoke: false });
    const outcome = await revokeLicenseAsStaff(support, { licenseId: license.id, ...why }, deps);
    expect(outcome.isAwaitingApproval).toBe(false);
    expect(await statusOf()).toBe("revoking");
  });

  it("holds an extension past the limit for approval and lets a shorter one through", async () => {
    const { db, support, secondAdmin, license } = await setup({ licenseRevoke: false, extendBeyondDays: 90 });
    const expiryOf = async () =>
      (await db.select({ expiresAt: t.licenses.expiresAt }).from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!
        .expiresAt;
    const short = await extendLicenseAsStaff(
      support,
      { licenseId: license.id, expiresAt: new Date("2027-02-01T23:59:59Z"), ...why },
      deps,
    );
    expect(short.isAwaitingApproval).toBe(false);
    const long = await extendLicenseAsStaff(
      support,
      { licenseId: license.id, expiresAt: new Date("2028-02-01T23:59:59Z"), ...why },
      deps,
    );
    if (!long.isAwaitingApproval) throw new Error("expected the long extension to wait for approval");
    expect(await expiryOf()).toEqual(new Date("2027-02-01T23:59:59Z"));
    await approveRequest(secondAdmin, { approvalId: long.approvalId, ...why }, testNoticeDeps);
    expect(await expiryOf()).toEqual(new Date("2028-02-01T23:59:59Z"));
  });

  it("versions every change, audits it with what it replaced, and lets only admins change it", async () => {
    const { db, support, admin } = await setup({ licenseRevoke: true });
    const before = await findFourEyesPolicy(db);
    const saved = await saveFourEyesPolicy(admin, { licenseRevoke: false, extendBeyondDays: 30, ...why });
    expect(saved.version).toBe(before.version + 1);
    expect(await findFourEyesPolicy(db)).toMatchObject({ licenseRevoke: false, extendBeyondDays: 30 });
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, saved.id));
    expect(event).toMatchObject({ action: "four_eyes_policy.versioned", reason: why.reason });
    expect(event!.data).toMatchObject({ previous: { version: before.version, licenseRevoke: true } });
    await expect(saveFourEyesPolicy(support, { licenseRevoke: false, ...why })).rejects.toBeInstanceOf(Forbidden);
  });
});
