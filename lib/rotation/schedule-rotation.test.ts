import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Conflict, InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { makeRotatingLicense, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { postponeRotation, rotateNow, scheduleRotation } from "./index";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("rotating at a time the customer chooses (rekey rotate --at)", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  const later = (ms: number) => new Date(clock.getTime() + ms);
  const workerPass = () =>
    runRotationWorkerPass({
      db: database.db,
      now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
    });
  const rotationsOf = (licenseId: string) =>
    database.db.select().from(t.rotations).where(eq(t.rotations.licenseId, licenseId)).orderBy(t.rotations.createdAt);
  const limitPostponement = (productId: string, maxPostponeDays: number) =>
    database.db.insert(t.rotationPolicies).values({
      productId,
      version: 1,
      allowedCadenceDays: [30],
      minOverlapMinutes: 0,
      maxOverlapMinutes: 30 * 24 * 60,
      minNoticeDays: 0,
      maxPostponeDays,
    });

  it("plans a rotation for that time, which the worker carries out then and not before", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, ctx } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: null });
    const at = later(2 * DAY);
    const planned = await scheduleRotation(ctx, { licenseId: license.id, at, overlapMinutes: 60 });
    expect(planned).toMatchObject({ kind: "customer", state: "planned", scheduledFor: at });

    await workerPass();
    expect((await rotationsOf(license.id)).map((rotation) => rotation.state)).toEqual(["planned"]);

    clock = at;
    await workerPass();
    expect(await rotationsOf(license.id)).toEqual([
      expect.objectContaining({ id: planned.id, state: "overlapping", overlapEndsAt: later(HOUR) }),
    ]);
    const validation = await validateLicenseKey(
      database.db,
      { key: key.plaintext },
      { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
    );
    expect(validation).toMatchObject({ code: "VALID_ROTATING" });
  });

  it("moves the upcoming scheduled rotation, earlier or later, but never past the postponement limit, even alternating with Postpone", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, ctx } = await makeRotatingLicense(database.db, secrets, { now });
    await limitPostponement(license.productId, 10);
    await workerPass();
    const [scheduled] = await rotationsOf(license.id);
    const firstPlannedFor = scheduled!.scheduledFor;

    const sooner = await scheduleRotation(ctx, { licenseId: license.id, at: later(HOUR), overlapMinutes: 60 });
    expect(sooner).toMatchObject({ id: scheduled!.id, kind: "scheduled", scheduledFor: later(HOUR) });
    const nineDaysLate = new Date(firstPlannedFor.getTime() + 9 * DAY);
    await scheduleRotation(ctx, { licenseId: license.id, at: nineDaysLate, overlapMinutes: 60 });
    await expect(
      scheduleRotation(ctx, {
        licenseId: license.id,
        at: new Date(firstPlannedFor.getTime() + 11 * DAY),
        overlapMinutes: 60,
      }),
    ).rejects.toBeInstanceOf(PolicyViolation);
    // Postpone counts from the same first date: one more window would pass the limit.
    await expect(postponeRotation(ctx, { licenseId: license.id })).rejects.toBeInstanceOf(PolicyViolation);
    expect(await rotationsOf(license.id)).toEqual([expect.objectContaining({ scheduledFor: nineDaysLate })]);
    const [moved] = await database.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "rotation.rescheduled"));
    expect(moved).toMatchObject({ subjectId: license.id });
  });

  it("refuses a past time, a time in a vendor freeze, another organization's license and a rotation under way, changing nothing", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, ctx } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: null });
    const theirs = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: null });
    const input = { licenseId: license.id, overlapMinutes: 60 };
    await expect(scheduleRotation(ctx, { ...input, at: later(-HOUR) })).rejects.toBeInstanceOf(InvalidInput);
    await database.db
      .insert(t.freezePeriods)
      .values({ productId: license.productId, startsAt: later(DAY), endsAt: later(3 * DAY), reason: "year-end" });
    await expect(scheduleRotation(ctx, { ...input, at: later(2 * DAY) })).rejects.toBeInstanceOf(PolicyViolation);
    await expect(
      scheduleRotation(ctx, { ...input, licenseId: theirs.license.id, at: later(4 * DAY) }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await rotationsOf(license.id)).toEqual([]);

    await rotateNow(ctx, input, { secrets });
    await expect(scheduleRotation(ctx, { ...input, at: later(4 * DAY) })).rejects.toBeInstanceOf(Conflict);
  });

  it("gives way to rotate now: the rotation planned for later is replaced, not left beside the new one", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, ctx } = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: null });
    const input = { licenseId: license.id, overlapMinutes: 60 };
    await scheduleRotation(ctx, { ...input, at: later(DAY) });
    await rotateNow(ctx, input, { secrets });
    expect((await rotationsOf(license.id)).map((rotation) => rotation.state).sort()).toEqual([
      "cancelled",
      "overlapping",
    ]);
  });
});
