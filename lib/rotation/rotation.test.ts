import { describe, expect, it } from "vitest";
import { and, count, eq, like } from "drizzle-orm";
import { verifyAuditChain } from "@/lib/audit";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, PolicyViolation } from "@/lib/errors";
import { runRotationWorkerPass, type WorkerDeps } from "@/lib/jobs/rotation-worker";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { makeRotatingLicense, systemActor, testSecrets } from "@/testing/factories";
import {
  BridgingDisabled,
  emergencyRotate,
  exchangeKey,
  NoRotationInProgress,
  postponeRotation,
  rollbackRotation,
  UnknownKey,
} from "./index";
import { rotateNow } from "./rotate-now";

const DAY = 86_400_000;

describe("key rotation", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);

  const customerLicense = (options: { cadenceDays?: number | null; overlapMinutes?: number } = {}) =>
    makeRotatingLicense(database.db, secrets, { now, ...options });

  const worker = (extra: Partial<WorkerDeps> = {}): WorkerDeps => ({
    db: database.db,
    now,
    secrets,
    mailer: devMailboxMailer,
    portalUrl: "https://portal.example",
    ...extra,
  });
  const validate = (key: string) =>
    validateLicenseKey(
      database.db,
      { key },
      { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
    );
  const rotationOf = async (licenseId: string) =>
    (
      await database.db
        .select()
        .from(t.rotations)
        .where(eq(t.rotations.licenseId, licenseId))
        .orderBy(t.rotations.createdAt)
    ).at(-1)!;
  const keysOf = (licenseId: string) =>
    database.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.licenseId, licenseId));

  it("walks a scheduled rotation end to end: planned in the customer's window, noticed at each lead time, overlapped, completed", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, user } = await customerLicense();

    await runRotationWorkerPass(worker());
    const planned = await rotationOf(license.id);
    // 30 days after today is Wed 23 Dec; the next Tuesday 22:00 in Berlin (CET, UTC+1) is 29 Dec 21:00 UTC.
    expect(planned).toMatchObject({
      state: "planned",
      kind: "scheduled",
      scheduledFor: new Date("2026-12-29T21:00:00Z"),
      overlapMinutes: 7 * 24 * 60,
    });

    clock = new Date(planned.scheduledFor.getTime() - 14 * DAY);
    await runRotationWorkerPass(worker());
    await runRotationWorkerPass(worker());
    const issued = await rotationOf(license.id);
    expect(issued.state).toBe("issued");
    const newKey = (await keysOf(license.id)).find((k) => k.id === issued.newKeyId)!;
    expect(newKey.state).toBe("pending");
    const { openLicenseKey } = await import("@/lib/licensing");
    const newPlaintext = openLicenseKey(secrets.ring, newKey);
    expect(await validate(key.plaintext)).toMatchObject({ code: "VALID" });
    expect(await validate(newPlaintext)).toMatchObject({ code: "VALID", key: { state: "pending" } });

    for (const lead of [3, 1]) {
      clock = new Date(planned.scheduledFor.getTime() - lead * DAY);
      await runRotationWorkerPass(worker());
      await runRotationWorkerPass(worker());
    }
    const notices = await listMailbox(database.db, { to: user.email });
    expect(notices).toHaveLength(3);
    expect(notices.at(-1)!.message).toMatchObject({
      template: "rotation-upcoming",
      props: {
        rotatesAt: "2026-12-29T21:00:00.000Z",
        timeZone: "Europe/Berlin",
        isNewKeyReady: true,
        licenseUrl: `https://portal.example/licenses/${license.id}#key`,
      },
    });

    clock = new Date(planned.scheduledFor.getTime() + 60_000);
    await runRotationWorkerPass(worker());
    expect((await rotationOf(license.id)).state).toBe("overlapping");
    expect(await validate(key.plaintext)).toMatchObject({
      valid: true,
      code: "VALID_ROTATING",
      key: { rotatesAt: new Date(clock.getTime() + 7 * DAY).toISOString() },
    });
    expect(await validate(newPlaintext)).toMatchObject({ valid: true, code: "VALID", key: { state: "active" } });

    clock = new Date(clock.getTime() + 7 * DAY);
    await runRotationWorkerPass(worker());
    const completed = (await database.db.select().from(t.rotations).where(eq(t.rotations.id, planned.id)))[0]!;
    expect(completed.state).toBe("completed");
    expect(await validate(key.plaintext)).toMatchObject({ valid: false, code: "KEY_RETIRED" });
    expect(await validate(newPlaintext)).toMatchObject({ valid: true, code: "VALID" });
    // The worker has already planned the next one.
    expect((await rotationOf(license.id)).state).toBe("planned");
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it.each(["planned", "notified", "issued", "overlapping"])(
    "resumes exactly once after a crash while leaving %s",
    async (crashState) => {
      clock = new Date("2026-11-23T12:00:00Z");
      const { license } = await customerLicense();
      await runRotationWorkerPass(worker());
      const planned = await rotationOf(license.id);
      const crashOnce = (() => {
        let crashed = false;
        return (rotation: { id: string }) => {
          if (!crashed && rotation.id === planned.id) {
            crashed = true;
            throw new Error(`simulated crash after leaving ${crashState}`);
          }
        };
      })();
      const times = [
        planned.scheduledFor.getTime() - 14 * DAY,
        planned.scheduledFor.getTime() + 1,
        planned.scheduledFor.getTime() + 8 * DAY,
      ];
      const crashAt = { planned: 0, notified: 0, issued: 1, overlapping: 2 }[crashState]!;
      for (const [index, time] of times.entries()) {
        clock = new Date(time);
        await runRotationWorkerPass(worker(index === crashAt ? { beforeCommit: crashOnce } : {}));
        await runRotationWorkerPass(worker());
      }
      const final = (await database.db.select().from(t.rotations).where(eq(t.rotations.id, planned.id)))[0]!;
      expect(final.state).toBe("completed");
      expect(await keysOf(license.id)).toHaveLength(2);
      const [steps] = await database.db
        .select({ n: count() })
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.subjectId, license.id), like(t.auditEvents.action, "rotation.%")));
      // notified, issued, overlapping, completed: each exactly once (plus the next plan has no event).
      expect(steps!.n).toBe(4);
    },
  );

  it("rotates now: new key active at once, the old one valid for the chosen overlap, fifty clicks make one rotation", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, ctx } = await customerLicense({ cadenceDays: null });
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, () => rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets })),
    );
    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    expect(succeeded).toHaveLength(1);
    for (const attempt of attempts) if (attempt.status === "rejected") expect(attempt.reason).toBeInstanceOf(Conflict);
    const rotation = (succeeded[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof rotateNow>>>).value;
    expect(rotation).toMatchObject({
      kind: "customer",
      state: "overlapping",
      overlapEndsAt: new Date(clock.getTime() + 60 * 60_000),
    });
    expect(await validate(key.plaintext)).toMatchObject({ code: "VALID_ROTATING" });
    const [rotationCount] = await database.db
      .select({ n: count() })
      .from(t.rotations)
      .where(eq(t.rotations.licenseId, license.id));
    expect(rotationCount!.n).toBe(1);
  });

  it("refuses an overlap outside the product's policy and changes nothing", async () => {
    const { license, ctx } = await customerLicense({ cadenceDays: null });
    await database.db.insert(t.rotationPolicies).values({
      productId: license.productId,
      version: 1,
      allowedCadenceDays: [90],
      minOverlapMinutes: 60,
      maxOverlapMinutes: 24 * 60,
      minNoticeDays: 1,
      maxPostponeDays: 7,
    });
    await expect(rotateNow(ctx, { licenseId: license.id, overlapMinutes: 0 }, { secrets })).rejects.toBeInstanceOf(
      PolicyViolation,
    );
    await expect(
      rotateNow(ctx, { licenseId: license.id, overlapMinutes: 7 * 24 * 60 }, { secrets }),
    ).rejects.toBeInstanceOf(PolicyViolation);
    expect(await database.db.select().from(t.rotations).where(eq(t.rotations.licenseId, license.id))).toHaveLength(0);
  });

  it("does not rotate another organisation's license", async () => {
    const mine = await customerLicense({ cadenceDays: null });
    const theirs = await customerLicense({ cadenceDays: null });
    const { NotFound } = await import("@/lib/errors");
    await expect(
      rotateNow(mine.ctx, { licenseId: theirs.license.id, overlapMinutes: 60 }, { secrets }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("rolls back during the overlap: the old key is the active key again and the new one stops working", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, ctx } = await customerLicense({ cadenceDays: null });
    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    const newKey = (await keysOf(license.id)).find((k) => k.id === rotation.newKeyId)!;
    const { openLicenseKey } = await import("@/lib/licensing");
    await rollbackRotation(ctx, { licenseId: license.id, reason: "our installer cannot take the new key yet" });
    expect(await validate(key.plaintext)).toMatchObject({ code: "VALID", key: { state: "active" } });
    expect(await validate(openLicenseKey(secrets.ring, newKey))).toMatchObject({ code: "KEY_RETIRED" });
    expect((await rotationOf(license.id)).state).toBe("rolled_back");
    await expect(rollbackRotation(ctx, { licenseId: license.id, reason: "again" })).rejects.toBeInstanceOf(Conflict);
  });

  it("postpones to the next window, but not beyond the policy's limit", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, ctx } = await customerLicense();
    await database.db.insert(t.rotationPolicies).values({
      productId: license.productId,
      version: 1,
      allowedCadenceDays: [30],
      minOverlapMinutes: 0,
      maxOverlapMinutes: 30 * 24 * 60,
      minNoticeDays: 0,
      maxPostponeDays: 10,
    });
    await runRotationWorkerPass(worker());
    const planned = await rotationOf(license.id);
    const first = await postponeRotation(ctx, { licenseId: license.id });
    expect(first.scheduledFor.getTime() - planned.scheduledFor.getTime()).toBe(7 * DAY);
    await expect(postponeRotation(ctx, { licenseId: license.id })).rejects.toBeInstanceOf(PolicyViolation);
  });

  it("replaces a leaked key at once: the old key is revoked and published in the revocation feed", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, ctx } = await customerLicense({ cadenceDays: null });
    const rotation = await emergencyRotate(
      ctx,
      { licenseId: license.id, reason: "key posted in a public repository" },
      { secrets },
    );
    expect(rotation).toMatchObject({ kind: "emergency", state: "completed" });
    expect(await validate(key.plaintext)).toMatchObject({ valid: false, code: "REVOKED" });
    const feed = await database.db.select().from(t.revocations).where(eq(t.revocations.licenseId, license.id));
    expect(feed).toMatchObject([{ kind: "license_key", subjectId: key.prefix, reasonCode: "key_compromise" }]);
    expect(JSON.stringify(feed)).not.toContain(key.plaintext);
    expect(JSON.stringify(feed)).not.toContain("key posted in a public repository");
  });

  it("exchanges the old key for the new one during a rotation, only where the policy allows bridging", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, key, ctx } = await customerLicense({ cadenceDays: null });
    const system = { db: database.db, now, actor: systemActor };
    await expect(exchangeKey(system, { key: key.plaintext }, { secrets })).rejects.toBeInstanceOf(BridgingDisabled);
    await database.db.insert(t.rotationPolicies).values({
      productId: license.productId,
      version: 1,
      allowedCadenceDays: [30],
      minOverlapMinutes: 0,
      maxOverlapMinutes: 30 * 24 * 60,
      minNoticeDays: 0,
      maxPostponeDays: 7,
      allowTokenBridging: true,
    });
    await expect(exchangeKey(system, { key: key.plaintext }, { secrets })).rejects.toBeInstanceOf(NoRotationInProgress);
    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    const exchanged = await exchangeKey(system, { key: key.plaintext }, { secrets });
    const { openLicenseKey } = await import("@/lib/licensing");
    const newKey = (await keysOf(license.id)).find((k) => k.id === rotation.newKeyId)!;
    expect(exchanged).toMatchObject({
      licenseId: license.id,
      newKey: openLicenseKey(secrets.ring, newKey),
      oldKeyRetiresAt: rotation.overlapEndsAt!.toISOString(),
    });
    await expect(exchangeKey(system, { key: "RK-0000-0000-0000-0000-0" }, { secrets })).rejects.toBeInstanceOf(
      UnknownKey,
    );
    clock = new Date(clock.getTime() + 61 * 60_000);
    await expect(exchangeKey(system, { key: key.plaintext }, { secrets })).rejects.toBeInstanceOf(NoRotationInProgress);
  });
});
