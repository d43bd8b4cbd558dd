import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { runRotationWorkerPass, type WorkerDeps } from "@/lib/jobs/rotation-worker";
import { extendLicenseExpiry } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { makeRotatingLicense, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { NO_ROTATION_DAYS_AFTER_RENEWAL, NO_ROTATION_DAYS_BEFORE_EXPIRY } from "./contract-timing";

const DAY = 86_400_000;
const PORTAL = "https://portal.example";

describe("rotations in step with the contract", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  const worker = (): WorkerDeps => ({ db: database.db, now, secrets, mailer: devMailboxMailer, portalUrl: PORTAL });

  const rotationsOf = (licenseId: string) =>
    database.db
      .select()
      .from(t.rotations)
      .where(and(eq(t.rotations.licenseId, licenseId), eq(t.rotations.kind, "scheduled")))
      .orderBy(t.rotations.createdAt);
  const renew = async (licenseId: string, expiresAt: Date) => {
    const support = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    await extendLicenseExpiry(
      support,
      { licenseId, reason: "renewed for another year", reasonCategory: "other", expiresAt },
      { mailer: devMailboxMailer, portalUrl: PORTAL },
    );
  };

  it("plans no rotation for a license expiring in 10 days, and plans one clear of the renewal once it is renewed", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: 7 });
    await database.db
      .update(t.licenses)
      .set({ expiresAt: new Date(clock.getTime() + 10 * DAY) })
      .where(eq(t.licenses.id, license.id));

    await runRotationWorkerPass(worker());
    expect(await rotationsOf(license.id)).toEqual([]);

    await renew(license.id, new Date("2027-12-03T12:00:00Z"));

    const [planned] = await rotationsOf(license.id);
    expect(planned).toMatchObject({ state: "planned" });
    expect(planned!.scheduledFor.getTime()).toBeGreaterThanOrEqual(
      clock.getTime() + NO_ROTATION_DAYS_AFTER_RENEWAL * DAY,
    );
  });

  it("keeps a planned rotation out of the last days of the term", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: 30 });
    // The 30-day cadence lands on 29 Dec, inside the last 30 days before a 15 January expiry.
    await database.db
      .update(t.licenses)
      .set({ expiresAt: new Date("2027-01-15T00:00:00Z") })
      .where(eq(t.licenses.id, license.id));

    await runRotationWorkerPass(worker());

    expect(NO_ROTATION_DAYS_BEFORE_EXPIRY).toBeGreaterThanOrEqual(18);
    expect(await rotationsOf(license.id)).toEqual([]);
  });

  it("moves a planned rotation that a renewal would land right after", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: 30 });
    await runRotationWorkerPass(worker());
    const [first] = await rotationsOf(license.id);
    expect(first!.scheduledFor).toEqual(new Date("2026-12-29T21:00:00Z"));

    // Renewed nine days before the planned date (no worker pass since, so it is still only planned).
    clock = new Date("2026-12-20T12:00:00Z");
    await renew(license.id, new Date("2029-01-01T00:00:00Z"));

    const [cancelled, replanned] = await rotationsOf(license.id);
    expect(cancelled).toMatchObject({ id: first!.id, state: "cancelled" });
    expect(replanned).toMatchObject({ state: "planned" });
    // Two weeks after the renewal is Sunday 3 Jan; the next Tuesday 22:00 Berlin after it is 5 Jan.
    expect(replanned!.scheduledFor).toEqual(new Date("2027-01-05T21:00:00Z"));
  });

  describe("when the customer rotates with the renewal", () => {
    it("plans nothing by cadence mid-term, and a renewal plans the first window of the new term", async () => {
      clock = new Date("2026-11-23T12:00:00Z");
      const { license } = await makeRotatingLicense(database.db, secrets, {
        now,
        cadenceDays: 30,
        alignWithRenewal: true,
      });
      await runRotationWorkerPass(worker());
      expect(await rotationsOf(license.id)).toEqual([]);

      // Renewed two months early: the new term starts at the old expiry, Saturday 1 January 2028.
      clock = new Date("2027-11-01T12:00:00Z");
      await renew(license.id, new Date("2029-01-01T00:00:00Z"));

      const [planned] = await rotationsOf(license.id);
      // The first Tuesday 22:00 Berlin on or after the term start.
      expect(planned).toMatchObject({
        state: "planned",
        scheduledFor: new Date("2028-01-04T21:00:00Z"),
        reason: "with the renewal: the new term starts 1 Jan 2028",
      });
      const [audit] = await database.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.subjectId, license.id), eq(t.auditEvents.action, "rotation.planned")));
      expect(audit!.reason).toBe("the license was renewed: planned with the renewal: the new term starts 1 Jan 2028");
    });

    it("moves a plan made by cadence to the renewal once the customer chooses so", async () => {
      clock = new Date("2026-11-23T12:00:00Z");
      const { license } = await makeRotatingLicense(database.db, secrets, {
        now,
        cadenceDays: 30,
        alignWithRenewal: true,
      });
      // A term that started after the active key was made (renewed before this test's clock).
      await database.db
        .update(t.licenses)
        .set({ termStartsAt: new Date("2026-12-10T00:00:00Z"), renewedAt: new Date("2026-11-20T00:00:00Z") })
        .where(eq(t.licenses.id, license.id));

      await runRotationWorkerPass(worker());

      const [planned] = await rotationsOf(license.id);
      // Thursday 10 December: the next Tuesday window is 15 December, 22:00 Berlin. The quiet
      // days after the renewal (to 4 December) do not hold it back, nor does the 30-day cadence.
      expect(planned).toMatchObject({ state: "planned", scheduledFor: new Date("2026-12-15T21:00:00Z") });
      expect(planned!.reason).toMatch(/^with the renewal/);
    });
  });
});
