import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { approveRequest, endLicenseTermAsStaff } from "@/lib/approvals";
import { Conflict, Forbidden } from "@/lib/errors";
import type { EmailMessage } from "@/lib/notify";
import { useTestDatabase } from "@/testing/test-database";
import {
  fixedNow,
  makeLicense,
  makeOrg,
  makeUser,
  staffCtx,
  systemActor,
  testNoticeDeps,
  testSecrets,
} from "@/testing/factories";
import {
  describeTermEnd,
  extendLicenseExpiry,
  issueLicenseKey,
  previewTermEnd,
  revokeLicense,
  validateLicenseKey,
} from "./index";

const DAY_MS = 86_400_000;
const why = { reason: "chargeback on the renewal invoice", reasonCategory: "billing" as const };
const deps = { ...testNoticeDeps, approvalTtlHours: 24 };

describe("ending a license's term now (issue 18)", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow();

  async function setup(edition: Partial<typeof t.editions.$inferInsert> = { expiryStrategy: "revoke_after_grace" }) {
    const { db } = database;
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", now);
    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    const { org, user } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    await db.update(t.editions).set(edition).where(eq(t.editions.id, license.editionId));
    const key = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    const validate = () =>
      validateLicenseKey(
        db,
        { key: key.plaintext },
        { hasher: secrets.hasher, now: now(), portalUrl: "https://p.example" },
      );
    const expiryOf = async () =>
      (await db.select({ expiresAt: t.licenses.expiresAt }).from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!
        .expiresAt;
    const emailsTo = async (address: string) =>
      (
        await db
          .select()
          .from(t.outbox)
          .where(and(eq(t.outbox.orgId, org.id), eq(t.outbox.kind, "email")))
      )
        .map((row) => row.payload as EmailMessage)
        .filter((email) => email.to === address);
    return { db, support, admin, license, owner: user, validate, expiryOf, emailsTo };
  }

  it("ends an admin's term at once: clients hear the strategy in force, the owner reads what keeps working, and an extension undoes it", async () => {
    const { db, admin, license, owner, validate, expiryOf, emailsTo } = await setup({
      expiryStrategy: "restrict",
      featuresAfterExpiry: ["export"],
    });
    const outcome = await endLicenseTermAsStaff(admin, { licenseId: license.id, ...why }, deps);
    expect(outcome.isAwaitingApproval).toBe(false);
    expect(await expiryOf()).toEqual(now());
    expect(await validate()).toMatchObject({
      valid: true,
      code: "EXPIRED",
      keptAccess: { strategy: "restrict" },
      license: { entitlements: ["export"] },
    });

    const [event] = await db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, license.id), eq(t.auditEvents.action, "license.term_ended")));
    expect(event).toMatchObject({ reason: why.reason, data: { reasonCategory: "billing" } });
    const [email] = await emailsTo(owner.email);
    expect(email).toMatchObject({ template: "license-notice", props: { kind: "term_ended" } });
    expect(email!.props).toMatchObject({ afterTerm: "From now on only Export keeps working." });

    await extendLicenseExpiry(
      admin,
      { licenseId: license.id, expiresAt: new Date("2027-01-01T00:00:00Z"), ...why },
      testNoticeDeps,
    );
    expect(await validate()).toMatchObject({
      valid: true,
      code: "VALID",
      license: { entitlements: ["export", "sync"] },
    });
  });

  it("holds a support member's request until an admin approves it, and the requester cannot approve their own", async () => {
    const { support, admin, license, expiryOf, validate } = await setup();
    const outcome = await endLicenseTermAsStaff(support, { licenseId: license.id, ...why }, deps);
    if (!outcome.isAwaitingApproval) throw new Error("expected a support request to wait for an admin");
    expect(await expiryOf()).toEqual(license.expiresAt);
    await expect(
      approveRequest(support, { approvalId: outcome.approvalId, ...why }, testNoticeDeps),
    ).rejects.toBeInstanceOf(Forbidden);
    await approveRequest(admin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    expect(await expiryOf()).toEqual(now());
    // revoke_after_grace with no grace in the policy: the key stops at once.
    expect(await validate()).toMatchObject({ valid: false, code: "EXPIRED" });
  });

  it("refuses a term that already ended and a license being revoked, and changes nothing", async () => {
    const { admin, support, license, expiryOf } = await setup();
    await endLicenseTermAsStaff(admin, { licenseId: license.id, ...why }, deps);
    await expect(endLicenseTermAsStaff(admin, { licenseId: license.id, ...why }, deps)).rejects.toBeInstanceOf(
      Conflict,
    );
    await expect(endLicenseTermAsStaff(support, { licenseId: license.id, ...why }, deps)).rejects.toBeInstanceOf(
      Conflict,
    );

    const other = await setup();
    await revokeLicense(other.admin, { licenseId: other.license.id, ...why }, testNoticeDeps);
    await expect(endLicenseTermAsStaff(admin, { licenseId: other.license.id, ...why }, deps)).rejects.toBeInstanceOf(
      Conflict,
    );
    expect(await other.expiryOf()).toEqual(other.license.expiresAt);
    expect(await expiryOf()).toEqual(now());
  });

  it("previews each strategy in the words the owner's page uses, with the policy's grace first", () => {
    const endsAt = new Date("2026-12-01T00:00:00Z");
    const license = {
      entitlements: [
        { code: "pdf", name: "PDF export" },
        { code: "batch", name: "Batch render" },
      ],
    };
    const restrict = previewTermEnd(
      { ...license, edition: { expiryStrategy: "restrict", featuresAfterExpiry: ["pdf"] } },
      { endsAt, graceDays: 7 },
    );
    expect(restrict).toMatchObject({ graceEndsAt: new Date(endsAt.getTime() + 7 * DAY_MS) });
    expect(describeTermEnd(restrict)).toBe(
      "Your software keeps working until 2026-12-08 (UTC) while you renew; after that only PDF export keeps working.",
    );
    const maintain = previewTermEnd(
      { ...license, edition: { expiryStrategy: "maintain_access", featuresAfterExpiry: [] } },
      { endsAt, graceDays: 0 },
    );
    expect(describeTermEnd(maintain)).toBe("From now on versions released before 2026-12-01 keep working.");
    const revoke = previewTermEnd(
      { ...license, edition: { expiryStrategy: "revoke_after_grace", featuresAfterExpiry: [] } },
      { endsAt, graceDays: 14 },
    );
    expect(revoke.keptAfterGrace).toBeNull();
    expect(describeTermEnd(revoke)).toContain("after that its keys stop working");
  });
});
