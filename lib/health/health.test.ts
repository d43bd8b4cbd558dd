import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { recordWorkerHeartbeat } from "@/lib/status";
import { ValidationTelemetry } from "@/lib/licensing/validation-telemetry";
import { rotateNow } from "@/lib/rotation";
import { fixedNow, makeLicenseWithKey, makeSigner, testSecrets } from "@/testing/factories";
import {
  ClientJwksTelemetry,
  classifyClientJwks,
  countOutboxByStatus,
  countRotationsByState,
  getTimeToAdopt,
  getValidationRates,
  getWorkerLastPass,
  listOldKeyUsage,
  listSigningKeysNearingRotation,
  listUpcomingRotations,
  readClientJwksReport,
  summarizeClientJwks,
} from "./index";

const MINUTE = 60_000;
const DAY = 86_400_000;

describe("health queries", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  async function rotatedLicense(issuedAt: Date) {
    const now = () => new Date(issuedAt);
    const made = await makeLicenseWithKey(database.db, secrets, { now });
    const rotation = await rotateNow(
      made.ctx,
      { licenseId: made.license.id, overlapMinutes: 7 * 24 * 60 },
      { secrets },
    );
    const [license] = await database.db.select().from(t.licenses).where(eq(t.licenses.id, made.license.id));
    return { ...made, rotation, productId: license!.productId };
  }

  it("draws validation rates per bucket over the whole range, empty buckets included", async () => {
    const now = new Date("2030-01-01T12:00:30Z");
    const telemetry = new ValidationTelemetry();
    telemetry.record({ at: new Date(now.getTime() - 5 * MINUTE), code: "VALID", licenseId: null, licenseKeyId: null });
    telemetry.record({ at: new Date(now.getTime() - 5 * MINUTE), code: "VALID", licenseId: null, licenseKeyId: null });
    telemetry.record({
      at: new Date(now.getTime() - 30 * MINUTE),
      code: "UNKNOWN_KEY",
      licenseId: null,
      licenseKeyId: null,
    });
    telemetry.record({
      at: new Date(now.getTime() - 2 * 3_600_000),
      code: "EXPIRED",
      licenseId: null,
      licenseKeyId: null,
    });
    await telemetry.flush(database.db);

    const hour = await getValidationRates(database.db, { range: "1h", now });
    expect(hour.buckets).toHaveLength(60);
    expect(hour.buckets.at(-1)!.start).toEqual(new Date("2030-01-01T12:00:00Z"));
    expect(hour).toMatchObject({
      stepSeconds: 60,
      total: 3,
      codes: ["VALID", "UNKNOWN_KEY"],
      totals: { VALID: 2, UNKNOWN_KEY: 1 },
    });
    expect(
      hour.buckets.find((bucket) => bucket.start.getTime() === new Date("2030-01-01T11:55:00Z").getTime()),
    ).toMatchObject({ counts: { VALID: 2 }, total: 2 });

    const day = await getValidationRates(database.db, { range: "24h", now });
    expect(day.buckets).toHaveLength(96);
    expect(day.totals).toEqual({ VALID: 2, UNKNOWN_KEY: 1, EXPIRED: 1 });
    expect((await getValidationRates(database.db, { range: "7d", now })).buckets).toHaveLength(84);
  });

  it("counts rotations by state with zeros and lists the ones due within a week", async () => {
    const issuedAt = new Date("2030-02-01T09:00:00Z");
    const { license } = await rotatedLicense(issuedAt);
    const counts = await countRotationsByState(database.db);
    expect(counts.overlapping).toBeGreaterThanOrEqual(1);
    expect(counts.rolled_back).toBe(0);

    await database.db.update(t.rotations).set({ state: "completed" }).where(eq(t.rotations.licenseId, license.id));
    await database.db.insert(t.rotations).values([
      {
        licenseId: license.id,
        kind: "scheduled",
        state: "planned",
        scheduledFor: new Date(issuedAt.getTime() + 3 * DAY),
        overlapMinutes: 60,
      },
    ]);
    const upcoming = await listUpcomingRotations(database.db, { now: issuedAt });
    expect(upcoming.total).toBe(1);
    expect(upcoming.rows[0]).toMatchObject({ licenseId: license.id, state: "planned", kind: "scheduled" });
    expect((await listUpcomingRotations(database.db, { now: new Date(issuedAt.getTime() + 4 * DAY) })).total).toBe(0);
  });

  it("finds licenses still presenting the old key after their rotation, and how long the new key took to be adopted", async () => {
    const issuedAt = new Date("2030-03-01T09:00:00Z");
    const first = await rotatedLicense(issuedAt);
    const second = await rotatedLicense(issuedAt);
    const neverAdopted = await rotatedLicense(issuedAt);
    for (const moved of [second, neverAdopted]) {
      await database.db
        .update(t.licenses)
        .set({ productId: first.productId, editionId: first.license.editionId })
        .where(eq(t.licenses.id, moved.license.id));
    }
    const telemetry = new ValidationTelemetry();
    const at = (minutes: number) => new Date(issuedAt.getTime() + minutes * MINUTE);
    // Before the rotation: not drift.
    telemetry.record({
      at: at(-10),
      code: "VALID",
      licenseId: first.license.id,
      licenseKeyId: first.rotation.oldKeyId,
    });
    telemetry.record({
      at: at(5),
      code: "VALID_ROTATING",
      licenseId: first.license.id,
      licenseKeyId: first.rotation.oldKeyId,
    });
    telemetry.record({
      at: at(6),
      code: "VALID_ROTATING",
      licenseId: first.license.id,
      licenseKeyId: first.rotation.oldKeyId,
    });
    telemetry.record({ at: at(10), code: "VALID", licenseId: first.license.id, licenseKeyId: first.rotation.newKeyId });
    telemetry.record({ at: at(20), code: "VALID", licenseId: first.license.id, licenseKeyId: first.rotation.newKeyId });
    telemetry.record({
      at: at(90),
      code: "VALID",
      licenseId: second.license.id,
      licenseKeyId: second.rotation.newKeyId,
    });
    await telemetry.flush(database.db);

    const usage = await listOldKeyUsage(database.db, { since: at(-60) });
    expect(usage).toEqual([
      expect.objectContaining({ productId: first.productId, licenses: 1, validations: 2, licensesOnRetiredKey: 0 }),
    ]);

    const adoption = await getTimeToAdopt(database.db, { since: at(-60) });
    const row = adoption.find((entry) => entry.productId === first.productId)!;
    // The rotation nobody adopted yet counts as a rotation but not in the percentiles.
    expect(row).toMatchObject({ rotations: 3, adopted: 2, p50Seconds: 50 * 60, p90Seconds: 82 * 60 });
    // The moved licenses' own products saw no rotation left after the move.
    expect(
      adoption.find((entry) => entry.productId === second.productId || entry.productId === neverAdopted.productId),
    ).toBeUndefined();
  });

  it("classifies what clients report about their JWKS and summarises it per product", async () => {
    const keys = [
      { kid: "active-1", state: "active" as const },
      { kid: "next-1", state: "pending" as const },
      { kid: "old-1", state: "retired" as const },
    ];
    const classify = (headers: Record<string, string>) =>
      classifyClientJwks(readClientJwksReport(new Headers(headers)), { keys, deprecatedAlgorithms: ["RS256"] });
    expect(classify({})).toBe("unreported");
    expect(classify({ "rekey-jwks-kids": "active-1, next-1", "rekey-accept-algorithms": "EdDSA, ES256, RS256" })).toBe(
      "current",
    );
    expect(classify({ "rekey-jwks-kids": "next-1" })).toBe("stale_kid");
    expect(classify({ "rekey-jwks-kids": "active-1,old-1" })).toBe("stale_kid");
    expect(classify({ "rekey-jwks-kids": "active-1", "rekey-accept-algorithms": "RS256" })).toBe(
      "deprecated_algorithm",
    );
    expect(classify({ "rekey-jwks-kids": "active-1,<script>" })).toBe("unreported");

    const { signer } = await makeSigner(database.db, secrets);
    const [activeKid] = (await signer.publicKeys()).map((key) => key.kid!);
    const productId = (await rotatedLicense(new Date("2030-04-01T00:00:00Z"))).productId;
    const telemetry = new ClientJwksTelemetry({ deprecatedAlgorithms: ["RS256"] });
    const at = new Date("2030-04-01T10:00:00Z");
    telemetry.record({ at, productId, report: { kids: [activeKid!], algorithms: ["EdDSA"] } });
    telemetry.record({ at, productId, report: { kids: [activeKid!], algorithms: ["EdDSA"] } });
    telemetry.record({ at, productId, report: { kids: ["gone"], algorithms: null } });
    telemetry.record({ at, productId, report: { kids: null, algorithms: null } });
    expect(await telemetry.flush(database.db)).toBe(3);

    const [summary] = (await summarizeClientJwks(database.db, { since: new Date(at.getTime() - MINUTE) })).filter(
      (row) => row.productId === productId,
    );
    expect(summary).toMatchObject({
      counts: { current: 2, stale_kid: 1, unreported: 1, deprecated_algorithm: 0 },
      reporting: 3,
      driftPercent: 33.3,
    });
  });

  it("reports the outbox by kind and status, signing keys due for rotation, and the worker's last pass", async () => {
    const before = await countOutboxByStatus(database.db);
    await database.db.insert(t.outbox).values({
      kind: "webhook",
      dedupeKey: `health-test-${Date.now()}`,
      payload: {},
      status: "dead",
      attempts: 8,
      lastError: "HTTP 500",
    });
    expect((await countOutboxByStatus(database.db)).webhook.dead).toBe(before.webhook.dead + 1);

    // makeSigner activates keys at the factories' fixed clock; 80 days later they near a 90-day life.
    await makeSigner(database.db, secrets);
    const now = new Date(fixedNow()().getTime() + 80 * DAY);
    const nearing = await listSigningKeysNearingRotation(database.db, { now, lifetimeDays: 90 });
    expect(nearing.length).toBeGreaterThan(0);
    expect(nearing.every((key) => key.plannedRotationAt.getTime() - now.getTime() <= 14 * DAY)).toBe(true);
    expect(await listSigningKeysNearingRotation(database.db, { now, lifetimeDays: 365 })).toEqual([]);

    expect(await getWorkerLastPass(database.db)).toBeNull();
    await recordWorkerHeartbeat(database.db, now);
    await recordWorkerHeartbeat(database.db, new Date(now.getTime() + MINUTE));
    expect(await getWorkerLastPass(database.db)).toEqual(new Date(now.getTime() + MINUTE));
  });
});
