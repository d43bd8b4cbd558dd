import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { approveRequest } from "@/lib/approvals";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { runRotationWorkerPass } from "@/lib/jobs";
import { ValidationTelemetry } from "@/lib/licensing/validation-telemetry";
import { devMailboxMailer } from "@/lib/notify";
import {
  makeLicensesInBulk,
  makeOrg,
  makeProduct,
  makeUser,
  staffCtx,
  testNoticeDeps,
  testSecrets,
} from "@/testing/factories";
import { advanceBulkRotations, getBulkRotationProgress, requestBulkRotation, resumeBulkRotation } from "./index";

const MINUTE = 60_000;
// `npm run test:full` (REKEY_TEST_FULL=true) runs the promised size; `npm test` the same steps with
// 2 000 licenses, the first wave kept at 100 so the 30 failing validations mean the same rate.
const isFullSize = process.env.REKEY_TEST_FULL === "true";
const LICENSES = isFullSize ? 10_000 : 2_000;
const WAVE_PERCENTS = isFullSize ? [1, 10, 100] : [5, 20, 100];
const waveTargets = WAVE_PERCENTS.map(
  (percent, index) => (LICENSES * (percent - (WAVE_PERCENTS[index - 1] ?? 0))) / 100,
);
const reason = { reason: "signing library upgrade needs fresh keys", reasonCategory: "maintenance" as const };

/** A clock the test moves by hand: every use case and worker pass reads it. */
function movableClock(iso: string) {
  let current = new Date(iso).getTime();
  return { now: () => new Date(current), advance: (ms: number) => (current += ms) };
}

async function setup(
  database: { readonly db: ReturnType<typeof useTestDatabase>["db"] },
  licenseCount: number,
  wavePercents: number[],
) {
  const { db } = database;
  const clock = movableClock("2026-11-23T12:00:00Z");
  const secrets = testSecrets();
  const { org } = await makeOrg(db);
  const { product, edition } = await makeProduct(db);
  await makeLicensesInBulk(db, secrets, {
    orgId: org.id,
    productId: product.id,
    editionId: edition.id,
    count: licenseCount,
    now: clock.now,
  });
  const requester = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", clock.now);
  const approver = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", clock.now);
  const { run, approval } = await requestBulkRotation(
    requester,
    {
      productId: product.id,
      status: "active",
      wavePercents,
      overlapMinutes: 60,
      soakMinutes: 30,
      haltFailurePercent: 5,
      haltMinFailures: 20,
      ...reason,
    },
    { ttlHours: 24 },
  );
  const pass = () =>
    runRotationWorkerPass({
      db,
      now: clock.now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
      batchSize: 250,
    });
  const progress = () => getBulkRotationProgress(requester, { bulkRunId: run.id });
  return { db, clock, requester, approver, run, approval, pass, progress };
}

describe("bulk rotation of a large fleet", () => {
  const database = useTestDatabase();

  it("halts a bulk run after the first wave when validations of rotated keys fail, and once resumed completes them wave by wave", {
    timeout: 600_000,
  }, async () => {
    const { db, clock, requester, approver, approval, pass, progress } = await setup(database, LICENSES, WAVE_PERCENTS);
    expect((await progress()).state).toBe("awaiting_approval");
    await pass();
    expect((await progress()).totals.planned).toBe(0);

    await approveRequest(
      approver,
      {
        approvalId: approval.id,
        reason: "reviewed the selection",
        reasonCategory: "maintenance",
      },
      testNoticeDeps,
    );
    await pass();
    let shown = await progress();
    expect(shown).toMatchObject({ state: "running", selectedCount: LICENSES, currentWave: 0 });
    expect(shown.waves[0]).toMatchObject({ target: 100, planned: 100, issued: 100, completed: 0, failed: 0 });
    expect(shown.waves[1]).toMatchObject({ target: null, planned: 0 });

    // Clients of the first wave now fail to validate: 30 failures against 70 successes.
    const waveLicenses = await db
      .select({ licenseId: t.rotations.licenseId, keyId: t.rotations.newKeyId })
      .from(t.rotations)
      .where(and(eq(t.rotations.bulkRunId, shown.id), eq(t.rotations.bulkWave, 0)));
    const telemetry = new ValidationTelemetry();
    for (const [index, { licenseId, keyId }] of waveLicenses.entries())
      telemetry.record({ at: clock.now(), code: index < 30 ? "UNKNOWN_KEY" : "VALID", licenseId, licenseKeyId: keyId });
    await telemetry.flush(db);
    clock.advance(31 * MINUTE);
    await pass();

    shown = await progress();
    expect(shown.state).toBe("halted");
    expect(shown.haltReason).toMatch(/30 of 100 validations/);
    expect(shown.waves[0]).toMatchObject({ validations: 100, validationFailures: 30 });
    expect(shown.waves[1]!.startedAt).toBeNull();
    // Halted: more passes neither open a wave nor plan a rotation.
    clock.advance(60 * MINUTE);
    await pass();
    expect((await progress()).totals.planned).toBe(100);

    // After review, resuming counts only new failures and soaks the wave again before the next
    // one opens and is planned a chunk at a time.
    await resumeBulkRotation(requester, {
      bulkRunId: shown.id,
      reason: "client bug fixed",
      reasonCategory: "incident",
    });
    await pass();
    expect((await progress()).currentWave).toBe(0);
    clock.advance(31 * MINUTE);
    const worker = { db, now: clock.now, actor: { type: "system", label: "test" } as const };
    await advanceBulkRotations(worker, { chunkSize: 250 });
    await advanceBulkRotations(worker, { chunkSize: 250 });
    shown = await progress();
    expect(shown.state).toBe("running");
    expect(shown.currentWave).toBe(1);
    expect(shown.waves[1]).toMatchObject({ target: waveTargets[1], planned: 250 });
    const open = await db
      .select({ id: t.rotations.id })
      .from(t.rotations)
      .where(and(eq(t.rotations.bulkRunId, shown.id), inArray(t.rotations.state, ["planned"])));
    expect(open.length).toBeLessThanOrEqual(250);

    // The rest runs as the worker runs it: a pass, then the clock moves past the soak and overlap.
    const seen: number[] = [];
    for (let i = 0; i < 40 && shown.state === "running"; i += 1) {
      await pass();
      clock.advance(61 * MINUTE);
      shown = await progress();
      seen.push(shown.totals.completed);
    }
    expect(shown.state).toBe("completed");
    expect(shown.waves.map((wave) => [wave.target, wave.planned, wave.issued, wave.completed, wave.failed])).toEqual(
      waveTargets.map((target) => [target, target, target, target, 0]),
    );
    expect(shown.totals).toEqual({ planned: LICENSES, issued: LICENSES, completed: LICENSES, failed: 0 });
    // Progress moved forward in steps a person can watch, never backwards.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBeGreaterThan(3);
  });
});
