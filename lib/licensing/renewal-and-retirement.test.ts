import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { devMailboxMailer, type EmailMessage } from "@/lib/notify";
import { makeLicenseWithKey, systemActor, testSecrets } from "@/testing/factories";
import { retireUnusedKeys, sendRenewalReminders, validateLicenseKey } from "./index";
import { ValidationTelemetry } from "./validation-telemetry";

const DAY = 86_400_000;
const EXPIRES_AT = new Date("2027-03-01T09:00:00Z");

describe("renewal reminders, expiry grace and key retirement", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);

  async function licenseWithPolicy(
    policy: Partial<typeof t.rotationPolicies.$inferInsert> = {},
    { expiresAt = EXPIRES_AT as Date | null, cadenceDays = null as number | null } = {},
  ) {
    const { db } = database;
    const setup = await makeLicenseWithKey(db, secrets, { expiresAt, now });
    await db.insert(t.rotationPolicies).values({
      productId: setup.license.productId,
      version: 1,
      allowedCadenceDays: [30, 90],
      minOverlapMinutes: 0,
      maxOverlapMinutes: 30 * 24 * 60,
      minNoticeDays: 0,
      maxPostponeDays: 14,
      ...policy,
    });
    await db.insert(t.rotationPreferences).values({
      orgId: setup.org.id,
      cadenceDays,
      windowWeekdays: [2],
      windowStartMinute: 22 * 60,
      windowDurationMinutes: 120,
      timeZone: "Asia/Tokyo",
      noticeLeadDays: [14, 3, 1],
      overlapMinutes: 60,
    });
    return setup;
  }

  const validate = (key: string) =>
    validateLicenseKey(
      database.db,
      { key },
      { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
    );
  const remind = () =>
    sendRenewalReminders(database.db, { now: now(), mailer: devMailboxMailer, portalUrl: "https://portal.example" });
  const outboxOf = (orgId: string) =>
    database.db.select().from(t.outbox).where(eq(t.outbox.orgId, orgId)).orderBy(t.outbox.createdAt);

  it("reminds the owner and webhooks once at each lead time before expiry, and never twice on a re-run", async () => {
    const { org, user, license } = await licenseWithPolicy({ expiryGraceDays: 10 });
    await database.db.insert(t.notificationChannels).values({
      orgId: org.id,
      kind: "webhook",
      target: "https://hooks.customer.example/rekey",
      verifiedAt: new Date("2026-11-01T00:00:00Z"),
    });

    clock = new Date(EXPIRES_AT.getTime() - 20 * DAY);
    expect(await remind()).toBe(0);
    for (const lead of [14, 3, 1]) {
      clock = new Date(EXPIRES_AT.getTime() - lead * DAY + 60_000);
      expect(await remind()).toBe(1);
      expect(await remind()).toBe(0);
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await remind()).toBe(0);
    }
    clock = new Date(EXPIRES_AT.getTime() + 60_000);
    expect(await remind()).toBe(0);

    const rows = await outboxOf(org.id);
    const emails = rows.filter((row) => row.kind === "email").map((row) => row.payload as EmailMessage);
    expect(emails).toHaveLength(3);
    for (const email of emails) {
      expect(email).toMatchObject({
        to: user.email,
        template: "renewal-reminder",
        subject: `Your ${(email.props as { productName: string }).productName} license expires on 1 Mar`,
        props: {
          expiresAt: EXPIRES_AT.toISOString(),
          timeZone: "Asia/Tokyo",
          graceDays: 10,
          renewUrl: `https://portal.example/licenses/${license.id}#renewal`,
        },
      });
    }
    const webhooks = rows
      .filter((row) => row.kind === "webhook")
      .map((row) => row.payload as { type: string; data: { leadDays: number } });
    expect(webhooks.map((hook) => [hook.type, hook.data.leadDays])).toEqual([
      ["license.expiring", 14],
      ["license.expiring", 3],
      ["license.expiring", 1],
    ]);
  });

  it("reminds afresh after a renewal moves the expiry date", async () => {
    const { org, license } = await licenseWithPolicy();
    clock = new Date(EXPIRES_AT.getTime() - 2 * DAY);
    expect(await remind()).toBe(1);
    const renewedUntil = new Date(EXPIRES_AT.getTime() + 365 * DAY);
    await database.db.update(t.licenses).set({ expiresAt: renewedUntil }).where(eq(t.licenses.id, license.id));
    clock = new Date(renewedUntil.getTime() - 2 * DAY);
    expect(await remind()).toBe(1);
    expect((await outboxOf(org.id)).filter((row) => row.kind === "email")).toHaveLength(2);
  });

  it("keeps an expired license working through the policy's grace, saying until when, then stops it", async () => {
    const { key } = await licenseWithPolicy({ expiryGraceDays: 7 });
    clock = new Date(EXPIRES_AT.getTime() - 3_600_000);
    expect(await validate(key.plaintext)).toMatchObject({ valid: true, code: "VALID" });

    clock = new Date(EXPIRES_AT.getTime() + DAY);
    const inGrace = await validate(key.plaintext);
    expect(inGrace).toMatchObject({
      valid: true,
      code: "EXPIRED",
      graceEndsAt: new Date(EXPIRES_AT.getTime() + 7 * DAY).toISOString(),
    });
    expect(inGrace.detail).toContain("keeps working until 2027-03-08");

    clock = new Date(EXPIRES_AT.getTime() + 7 * DAY + 60_000);
    const stopped = await validate(key.plaintext);
    expect(stopped).toMatchObject({ valid: false, code: "EXPIRED" });
    expect(stopped).not.toHaveProperty("graceEndsAt");
  });

  it("gives no grace without one in the policy, or to a license staff marked expired", async () => {
    const withoutGrace = await licenseWithPolicy();
    clock = new Date(EXPIRES_AT.getTime() + 60_000);
    expect(await validate(withoutGrace.key.plaintext)).toMatchObject({ valid: false, code: "EXPIRED" });

    const markedExpired = await licenseWithPolicy({ expiryGraceDays: 30 });
    await database.db.update(t.licenses).set({ status: "expired" }).where(eq(t.licenses.id, markedExpired.license.id));
    expect(await validate(markedExpired.key.plaintext)).toMatchObject({ valid: false, code: "EXPIRED" });
  });

  it("retires a key no client has validated for the policy's idle period (per the validation telemetry), archived and audited, and leaves a used one alone", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const idle = await licenseWithPolicy({ retireUnusedKeysAfterDays: 30 }, { expiresAt: null });
    const used = await licenseWithPolicy({ retireUnusedKeysAfterDays: 30 }, { expiresAt: null });
    const ctx = { db: database.db, now, actor: systemActor };

    clock = new Date("2026-12-13T12:00:00Z");
    const telemetry = new ValidationTelemetry();
    for (const { license, key } of [used, idle]) {
      const answer = await validate(key.plaintext);
      telemetry.record({
        at: now(),
        code: key === used.key ? answer.code : "UNKNOWN_KEY",
        licenseId: license.id,
        licenseKeyId: key.keyId,
      });
    }
    await telemetry.flush(database.db);
    clock = new Date("2026-12-24T12:00:00Z");
    expect(await retireUnusedKeys(ctx)).toBe(1);
    expect(await retireUnusedKeys(ctx)).toBe(0);

    const keyState = async (licenseId: string) =>
      (await database.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.licenseId, licenseId)))[0]!;
    expect(await keyState(idle.license.id)).toMatchObject({ state: "retired", retiredAt: clock });
    expect(await keyState(used.license.id)).toMatchObject({ state: "active" });
    const [event] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, idle.license.id), eq(t.auditEvents.action, "license_key.retired")));
    expect(event).toMatchObject({ actorLabel: "system:test", reason: "unused for 30 days (vendor policy)" });
    expect(await validate(idle.key.plaintext)).toMatchObject({ valid: false, code: "KEY_RETIRED" });

    clock = new Date("2027-01-13T12:00:01Z");
    expect(await retireUnusedKeys(ctx)).toBe(1);
    expect(await keyState(used.license.id)).toMatchObject({ state: "retired" });
  });

  it("rotates out a key past the policy's age limit even on a manual cadence, through the usual notices", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, user } = await licenseWithPolicy({ maxKeyAgeDays: 20 }, { expiresAt: null, cadenceDays: null });
    const pass = () =>
      runRotationWorkerPass({
        db: database.db,
        now,
        secrets,
        mailer: devMailboxMailer,
        portalUrl: "https://portal.example",
      });
    await pass();
    const [rotation] = await database.db.select().from(t.rotations).where(eq(t.rotations.licenseId, license.id));
    // 20 days after the key was issued is Sun 13 Dec; the next Tuesday 22:00 in Tokyo is 15 Dec 13:00 UTC.
    expect(rotation).toMatchObject({
      kind: "scheduled",
      state: "planned",
      scheduledFor: new Date("2026-12-15T13:00:00Z"),
      reason: "keys may be at most 20 days old",
    });
    clock = new Date(rotation!.scheduledFor.getTime() - 14 * DAY);
    await pass();
    const notices = await database.db
      .select()
      .from(t.outbox)
      .where(like(t.outbox.dedupeKey, `rotation-notice:${rotation!.id}:%`));
    expect(notices.map((row) => (row.payload as EmailMessage).to)).toEqual([user.email]);
  });
});
