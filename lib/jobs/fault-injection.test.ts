/**
 * Fault injection across every rotation kind: the worker crashing before each step commits, the
 * database connection dropping at each write of a customer or emergency rotation, and the email
 * provider down across a whole rotation. After each fault the next attempt must finish the job
 * exactly once: each step audited once, one new key, each notice to each person once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { and, count, eq, like } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import type { Db } from "@/lib/db";
import { useTestDatabase } from "@/testing/test-database";
import type { Mailer } from "@/lib/notify";
import { retryFailedEmails } from "@/lib/notify";
import { emergencyRotate, rotateNow } from "@/lib/rotation";
import { changedTables, databaseFingerprint } from "@/testing/database-fingerprint";
import { makeRotatingLicense, type orgCtx, testSecrets } from "@/testing/factories";
import { writeReport } from "@/testing/reports";
import { runRotationWorkerPass, type WorkerDeps } from "./rotation-worker";

const DAY = 86_400_000;
const figures = { workerCrashes: 0, droppedConnections: 0, outageNotices: 0, resumedExactlyOnce: 0 };

/**
 * The database as a use case sees it, except that the `failAt`-th write inside a transaction
 * throws as a dropped connection would: the transaction rolls back.
 */
function droppingConnection(db: Db, failAt: number): { db: Db; writes: () => number } {
  let writes = 0;
  const wrap = <T extends object>(handle: T): T =>
    new Proxy(handle, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        if (property === "transaction")
          return (run: (tx: object) => unknown, ...rest: unknown[]) =>
            (value as (...args: unknown[]) => unknown).call(target, (tx: object) => run(wrap(tx)), ...rest);
        if (["insert", "update", "delete", "execute"].includes(String(property))) {
          return (...args: unknown[]) => {
            writes += 1;
            if (writes === failAt) throw new Error("Connection terminated unexpectedly (injected)");
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  return { db: wrap(db), writes: () => writes };
}

describe("fault injection across rotation kinds", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  afterAll(() => writeReport("fault-injection", figures));

  const customerLicense = ({ cadenceDays = 30 as number | null } = {}) =>
    makeRotatingLicense(database.db, secrets, { now, cadenceDays, overlapMinutes: 24 * 60 });

  const worker = (extra: Partial<WorkerDeps> = {}): WorkerDeps => ({
    db: database.db,
    now,
    secrets,
    mailer: devNull,
    portalUrl: "https://portal.example",
    ...extra,
  });
  const devNull: Mailer = { transport: "resend", send: async () => undefined };
  const rotationEvents = async (licenseId: string) =>
    (
      await database.db
        .select({ n: count() })
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.subjectId, licenseId), like(t.auditEvents.action, "rotation.%")))
    )[0]!.n;
  const keysOf = async (licenseId: string) =>
    (await database.db.select({ n: count() }).from(t.licenseKeys).where(eq(t.licenseKeys.licenseId, licenseId)))[0]!.n;
  const latestRotation = async (licenseId: string) =>
    (
      await database.db
        .select()
        .from(t.rotations)
        .where(eq(t.rotations.licenseId, licenseId))
        .orderBy(t.rotations.createdAt)
    ).at(-1)!;

  /** Crashes the worker once, just before the commit of the step that leaves `state`. */
  const crashOnceLeaving = (rotationId: string, state: string) => {
    let crashed = false;
    return (after: { id: string; state: string }) => {
      if (!crashed && after.id === rotationId && after.state !== state) {
        crashed = true;
        figures.workerCrashes++;
        throw new Error(`injected crash leaving ${state}`);
      }
    };
  };

  it.each(["planned", "notified", "issued", "overlapping"])(
    "scheduled: the worker crashes leaving %s, the next pass resumes it exactly once",
    async (state) => {
      clock = new Date("2026-11-23T12:00:00Z");
      const { license } = await customerLicense();
      await runRotationWorkerPass(worker());
      const rotation = await latestRotation(license.id);
      for (const at of [
        rotation.scheduledFor.getTime() - 14 * DAY,
        rotation.scheduledFor.getTime() + 1,
        rotation.scheduledFor.getTime() + 2 * DAY,
      ]) {
        clock = new Date(at);
        await runRotationWorkerPass(worker({ beforeCommit: crashOnceLeaving(rotation.id, state) }));
        await runRotationWorkerPass(worker());
      }
      expect((await database.db.select().from(t.rotations).where(eq(t.rotations.id, rotation.id)))[0]!.state).toBe(
        "completed",
      );
      expect(await rotationEvents(license.id)).toBe(4);
      expect(await keysOf(license.id)).toBe(2);
      figures.resumedExactlyOnce++;
    },
  );

  it.each([
    [
      "customer",
      (ctx: ReturnType<typeof orgCtx>, licenseId: string) =>
        rotateNow(ctx, { licenseId, overlapMinutes: 24 * 60 }, { secrets }),
    ],
    [
      "emergency",
      (ctx: ReturnType<typeof orgCtx>, licenseId: string) =>
        emergencyRotate(ctx, { licenseId, reason: "leaked in a test" }, { secrets }),
    ],
  ] as const)(
    "%s: the connection drops at every write in turn; each attempt changes nothing, the retry rotates once, the worker completes it",
    async (_kind, rotate) => {
      clock = new Date("2026-11-23T12:00:00Z");
      const { license, ctx } = await customerLicense({ cadenceDays: null });
      const counting = droppingConnection(database.db, 0);
      const probe = await customerLicense({ cadenceDays: null });
      await rotate({ ...probe.ctx, db: counting.db }, probe.license.id);
      const writes = counting.writes();
      expect(writes).toBeGreaterThan(2);
      for (let failAt = 1; failAt <= writes; failAt++) {
        const before = await databaseFingerprint(database.db);
        const dropping = droppingConnection(database.db, failAt);
        await expect(rotate({ ...ctx, db: dropping.db }, license.id)).rejects.toThrow(/injected/);
        expect(changedTables(before, await databaseFingerprint(database.db)), `write ${failAt} of ${writes}`).toEqual(
          [],
        );
        figures.droppedConnections++;
      }
      await rotate(ctx, license.id);
      clock = new Date(clock.getTime() + 2 * DAY);
      const rotation = await latestRotation(license.id);
      await runRotationWorkerPass(worker({ beforeCommit: crashOnceLeaving(rotation.id, "overlapping") }));
      await runRotationWorkerPass(worker());
      expect((await latestRotation(license.id)).state).toBe("completed");
      expect(await keysOf(license.id)).toBe(2);
      figures.resumedExactlyOnce++;
    },
  );

  it("the email provider is down for a day and a half around a rotation: everything arrives afterwards, once per person", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, org } = await customerLicense();
    const delivered: string[] = [];
    let isProviderUp = true;
    const provider: Mailer = {
      transport: "resend",
      async send(message, { idempotencyKey }) {
        if (!isProviderUp) throw new Error("provider unavailable (injected)");
        delivered.push(`${message.to}|${idempotencyKey}`);
      },
    };
    await runRotationWorkerPass(worker({ mailer: provider }));
    const rotation = await latestRotation(license.id);
    const outage = { from: rotation.scheduledFor.getTime() - 1.5 * DAY, to: rotation.scheduledFor.getTime() };
    // The worker and the retrier every three hours, from before the 3-day notice to past the overlap.
    for (
      let at = rotation.scheduledFor.getTime() - 4 * DAY;
      at <= rotation.scheduledFor.getTime() + 3 * DAY;
      at += DAY / 8
    ) {
      clock = new Date(at);
      isProviderUp = at < outage.from || at >= outage.to;
      await runRotationWorkerPass(worker({ mailer: provider }));
      await retryFailedEmails(database.db, provider, { now: now() });
    }
    const notices = await database.db
      .select()
      .from(t.outbox)
      .where(and(eq(t.outbox.orgId, org.id), eq(t.outbox.kind, "email")));
    expect(notices.filter((row) => row.attempts > 1).length, "some notice fell into the outage").toBeGreaterThan(0);
    expect(notices.map((row) => row.status)).toEqual(notices.map(() => "sent"));
    // The worker also delivers other tests' mail from this shared database: count this org's only.
    const orgKeys = new Set(notices.map((row) => row.dedupeKey));
    const deliveredToOrg = delivered.filter((entry) => orgKeys.has(entry.slice(entry.indexOf("|") + 1)));
    expect(deliveredToOrg).toHaveLength(notices.length);
    expect(new Set(delivered).size, "nothing twice to a person").toBe(delivered.length);
    figures.outageNotices += deliveredToOrg.length;
  });
});
