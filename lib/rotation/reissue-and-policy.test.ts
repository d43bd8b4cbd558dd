import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { InvalidInput, PolicyViolation } from "@/lib/errors";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { makeLicenseWithKey, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import {
  createRotationPolicyVersion,
  findRotationPolicy,
  reissueLicenseKey,
  rotateNow,
  updateRotationPreferences,
} from "./index";

const HOUR = 3_600_000;
const reason = { reason: "customer lost the key in a reinstall", reasonCategory: "customer_request" as const };
const rules = {
  allowedCadenceDays: [30, 90],
  allowManualCadence: true,
  minOverlapMinutes: 60,
  maxOverlapMinutes: 7 * 24 * 60,
  minNoticeDays: 3,
  maxPostponeDays: 14,
  allowTokenBridging: false,
  expiryGraceDays: 0,
  maxKeyAgeDays: null,
  retireUnusedKeysAfterDays: null,
  revocationUndoHours: 48,
};

describe("support reissue and rotation policy versions", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = () => new Date("2026-11-23T12:00:00Z");
  const deps = { mailer: devMailboxMailer, portalUrl: "https://portal.example", secrets };

  async function setup() {
    const customer = await makeLicenseWithKey(database.db, secrets, { now });
    const staff = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    return { ...customer, staff };
  }
  const validate = (key: string) =>
    validateLicenseKey(database.db, { key }, { hasher: secrets.hasher, now: now(), portalUrl: deps.portalUrl });

  it("reissues a key: the new key works, the old one validates VALID_ROTATING for the chosen overlap, and the customer is emailed support's message, not the internal note", async () => {
    const { staff, license, key, user } = await setup();
    await createRotationPolicyVersion(staff, { productId: license.productId, ...rules, ...reason });
    const customerMessage = "Here is the replacement key you asked for.";
    const rotation = await reissueLicenseKey(
      staff,
      { licenseId: license.id, overlapMinutes: 24 * 60, ...reason, customerMessage },
      deps,
    );
    expect(rotation).toMatchObject({
      kind: "reissue",
      state: "overlapping",
      overlapEndsAt: new Date(now().getTime() + 24 * HOUR),
      requestedBy: staff.actor.userId,
    });
    expect(await validate(key.plaintext)).toMatchObject({
      valid: true,
      code: "VALID_ROTATING",
      key: { rotatesAt: rotation.overlapEndsAt!.toISOString() },
    });

    const [mail] = await listMailbox(database.db, { to: user.email });
    expect(mail!.message).toMatchObject({
      subject: expect.stringContaining("A new license key"),
      template: "key-reissued",
      props: { reason: customerMessage, licenseUrl: `https://portal.example/licenses/${license.id}#key` },
    });
    expect(JSON.stringify(mail)).not.toContain(key.plaintext);
    expect(JSON.stringify(mail)).not.toContain(reason.reason);

    const [audit] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, license.id), eq(t.auditEvents.action, "license_key.reissued")));
    expect(audit).toMatchObject({
      actorLabel: staff.actor.email,
      reason: reason.reason,
      data: expect.objectContaining({ reasonCategory: "customer_request", customerMessage, overlapMinutes: 1440 }),
    });
  });

  it("refuses an overlap outside the license's policy", async () => {
    const { staff, license } = await setup();
    await createRotationPolicyVersion(staff, { productId: license.productId, ...rules, ...reason });
    await expect(
      reissueLicenseKey(staff, { licenseId: license.id, overlapMinutes: 30, ...reason }, deps),
    ).rejects.toBeInstanceOf(PolicyViolation);
  });

  it("versions policies per scope, and each rotation records the version it ran under", async () => {
    const { staff, license, ctx } = await setup();
    const first = await createRotationPolicyVersion(staff, { productId: license.productId, ...rules, ...reason });
    const second = await createRotationPolicyVersion(staff, {
      productId: license.productId,
      ...rules,
      maxOverlapMinutes: 24 * 60,
      ...reason,
    });
    const edition = await createRotationPolicyVersion(staff, {
      productId: license.productId,
      editionId: license.editionId,
      ...rules,
      minOverlapMinutes: 0,
      ...reason,
    });
    expect([first.version, second.version, edition.version]).toEqual([1, 2, 1]);
    expect((await findRotationPolicy(database.db, license)).id).toBe(edition.id);

    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 0 }, { secrets });
    expect(rotation.policyId).toBe(edition.id);
    // A later version does not rewrite the rotation's record.
    await createRotationPolicyVersion(staff, {
      productId: license.productId,
      editionId: license.editionId,
      ...rules,
      ...reason,
    });
    const [stored] = await database.db.select().from(t.rotations).where(eq(t.rotations.id, rotation.id));
    expect(stored!.policyId).toBe(edition.id);
    const versioned = await database.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "rotation_policy.versioned"))
      .orderBy(t.auditEvents.id);
    expect(versioned.at(-1)).toMatchObject({
      reason: reason.reason,
      data: expect.objectContaining({ version: 2, reasonCategory: "customer_request" }),
    });
  });

  it("validates customer choices against the newest version", async () => {
    const { staff, license, ctx } = await setup();
    const choice = {
      licenseId: license.id,
      cadence: 90,
      weekdays: [2],
      startTime: "22:00",
      durationMinutes: 120,
      timeZone: "Europe/Berlin",
      leadDays: [14, 3],
      overlapMinutes: 24 * 60,
      alignWithRenewal: false,
    } as const;
    await createRotationPolicyVersion(staff, { productId: license.productId, ...rules, ...reason });
    await updateRotationPreferences(ctx, { ...choice, weekdays: [...choice.weekdays], leadDays: [...choice.leadDays] });
    await createRotationPolicyVersion(staff, {
      productId: license.productId,
      ...rules,
      allowedCadenceDays: [30],
      ...reason,
    });
    const refused = updateRotationPreferences(ctx, {
      ...choice,
      weekdays: [...choice.weekdays],
      leadDays: [...choice.leadDays],
    });
    await expect(refused).rejects.toBeInstanceOf(InvalidInput);
    await expect(refused).rejects.toMatchObject({
      fieldErrors: { cadence: [expect.stringContaining("every 30 days")] },
    });
  });
});
