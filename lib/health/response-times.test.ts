import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { emergencyRotate } from "@/lib/rotation";
import { useTestDatabase } from "@/testing/test-database";
import { makeLicense, makeLicenseWithKey, makeOrg, testSecrets } from "@/testing/factories";
import { type AlertThresholds, evaluateHealthAlerts, findFailedValidationSpikes, listResponseTimes } from "./index";

const HOUR_MS = 3_600_000;
const targets = { noticeMinutes: 60, keyReplacedMinutes: 240 };
const thresholds: AlertThresholds = {
  oldKeyLicenses: 1_000_000,
  staleClientPercent: 100,
  deadOutbox: 1_000_000,
  revocationP99Seconds: 1_000_000,
  noticeTargetMinutes: targets.noticeMinutes,
  keyReplacedTargetMinutes: targets.keyReplacedMinutes,
  failedValidationSpikeFactor: 3,
};

describe("detection and notice targets", () => {
  const database = useTestDatabase();

  it("records an emergency rotation's detection, first customer notice and key replacement, within target", async () => {
    const { db } = database;
    // The outbox stamps rows with the database clock, so this test runs on the real one.
    const now = () => new Date();
    const secrets = testSecrets();
    const { license, ctx } = await makeLicenseWithKey(db, secrets, { now });
    const since = new Date(now().getTime() - 60_000);
    const rotation = await emergencyRotate(
      ctx,
      { licenseId: license.id, reason: "key pasted in a forum" },
      { secrets },
    );
    const times = await listResponseTimes(db, { since, now: now(), targets });
    const measured = times.find((time) => time.id === rotation.id)!;
    expect(measured).toMatchObject({ kind: "emergency_rotation", isNoticeLate: false, isKeyReplacementLate: false });
    expect(measured.keyReplacedAt).toEqual(rotation.issuedAt);
    expect(measured.firstNoticeAt).not.toBeNull();
    expect(measured.firstNoticeAt!.getTime()).toBeGreaterThanOrEqual(measured.detectedAt.getTime() - 1000);
  });

  it("alerts the operator when an incident has told no customer within the target", async () => {
    const { db } = database;
    const now = new Date("2026-11-23T12:00:00Z");
    // Detected two hours ago and never announced: the state a forgotten incident is in.
    const [incident] = await db
      .insert(t.statusIncidents)
      .values({
        title: "Validation API errors",
        impact: "major",
        components: ["api"],
        startedAt: new Date(now.getTime() - 2 * HOUR_MS),
        updatedAt: now,
      })
      .returning();
    const alerts = await evaluateHealthAlerts(db, { now, thresholds });
    const alert = alerts.find((candidate) => candidate.id === `response-target:incident:${incident!.id}`);
    expect(alert?.title).toBe("Validation API errors: missed first customer notice within 60 min");
  });
});

describe("failed-validation spikes after a rotation", () => {
  const database = useTestDatabase();

  async function rotatedProduct(
    now: Date,
    { failuresBefore, failuresAfter }: { failuresBefore: number; failuresAfter: number },
  ) {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const issuedAt = new Date(now.getTime() - 2 * HOUR_MS);
    const [rotation] = await db
      .insert(t.rotations)
      .values({
        licenseId: license.id,
        kind: "scheduled",
        state: "overlapping",
        scheduledFor: issuedAt,
        overlapMinutes: 1440,
        issuedAt,
      })
      .returning();
    await db.insert(t.validationCounts).values([
      {
        bucketStart: new Date(issuedAt.getTime() - 12 * HOUR_MS),
        licenseId: license.id,
        code: "EXPIRED",
        count: failuresBefore,
      },
      { bucketStart: new Date(issuedAt.getTime() - 12 * HOUR_MS), licenseId: license.id, code: "VALID", count: 500 },
      {
        bucketStart: new Date(issuedAt.getTime() + HOUR_MS),
        licenseId: license.id,
        code: "KEY_RETIRED",
        count: failuresAfter,
      },
      {
        bucketStart: new Date(issuedAt.getTime() + HOUR_MS),
        licenseId: license.id,
        code: "VALID_ROTATING",
        count: 500,
      },
    ]);
    return { license, rotation: rotation! };
  }

  it("names the rotation after which a product's failures rose above their baseline", async () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const { rotation } = await rotatedProduct(now, { failuresBefore: 24, failuresAfter: 40 });
    const spikes = await findFailedValidationSpikes(database.db, { now, factor: 3 });
    expect(spikes.find((spike) => spike.rotationId === rotation.id)).toMatchObject({
      failuresPerHourBefore: 1,
      failuresPerHourAfter: 20,
    });
    const alerts = await evaluateHealthAlerts(database.db, { now, thresholds });
    expect(
      alerts.some((alert) => alert.id.endsWith(`:${rotation.id}`) && alert.title.includes(rotation.id.slice(0, 8))),
    ).toBe(true);
  });

  it("stays quiet when failures after the rotation stay near the baseline", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const { rotation } = await rotatedProduct(now, { failuresBefore: 240, failuresAfter: 30 });
    const spikes = await findFailedValidationSpikes(database.db, { now, factor: 3 });
    expect(spikes.some((spike) => spike.rotationId === rotation.id)).toBe(false);
  });
});
