import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { openDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { devMailboxMailer } from "@/lib/notify";
import { makeOrg, makeProduct, testSecrets } from "@/testing/factories";
import { runRotationWorkerPass, type WorkerDeps } from "./rotation-worker";

// PGlite has one connection, so "two workers" there only interleave; the real contention test is
// the PostgreSQL project, which gets the full thousand.
const DUE_ROTATIONS = process.env.REKEY_TEST_DB === "postgres" ? 1000 : 100;

describe("several workers on one database", () => {
  const database = useTestDatabase();

  it(`take ${DUE_ROTATIONS} due rotations through each step exactly once`, async () => {
    const { db } = database;
    const secrets = testSecrets();
    const { org } = await makeOrg(db);
    const { product, edition } = await makeProduct(db);
    const now = new Date("2026-11-23T12:00:00Z");
    const licenseRows = Array.from({ length: DUE_ROTATIONS }, () => ({
      id: randomUUID(),
      orgId: org.id,
      productId: product.id,
      editionId: edition.id,
      seats: 1,
      startsAt: new Date("2026-01-01T00:00:00Z"),
    }));
    for (let i = 0; i < licenseRows.length; i += 200) await db.insert(t.licenses).values(licenseRows.slice(i, i + 200));
    // Due now: customer-kind rotations skip notices, so every step is due in this very pass.
    const rotationRows = licenseRows.map((license) => ({
      licenseId: license.id,
      kind: "customer" as const,
      state: "planned" as const,
      scheduledFor: now,
      overlapMinutes: 0,
    }));
    for (let i = 0; i < rotationRows.length; i += 200)
      await db.insert(t.rotations).values(rotationRows.slice(i, i + 200));

    // A second, independent connection pool stands in for a second worker process.
    const second = process.env.REKEY_TEST_DB === "postgres" ? await openSecondConnection(db) : null;
    const deps = (workerDb: WorkerDeps["db"]): WorkerDeps => ({
      db: workerDb,
      now: () => now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
      batchSize: DUE_ROTATIONS,
    });
    try {
      await Promise.all([
        runRotationWorkerPass(deps(db)),
        runRotationWorkerPass(deps(second?.db ?? db)),
        runRotationWorkerPass(deps(db)),
      ]);
    } finally {
      await second?.close();
    }

    const [completed] = await db.select({ n: count() }).from(t.rotations).where(eq(t.rotations.state, "completed"));
    expect(completed!.n).toBe(DUE_ROTATIONS);
    const [keys] = await db.select({ n: count() }).from(t.licenseKeys);
    expect(keys!.n).toBe(DUE_ROTATIONS);
    const duplicates = await db.execute(
      sql`select subject_id, action, count(*) from audit_events where action like 'rotation.%' group by 1, 2 having count(*) > 1`,
    );
    expect((duplicates as unknown as { rows?: unknown[] }).rows ?? duplicates).toHaveLength(0);
  }, 180_000); // a correctness test: 1000 rotations through four steps take minutes on a busy 2-CPU machine
});

async function openSecondConnection(db: WorkerDeps["db"]) {
  const [{ current_database: name }] = (await db.execute(sql`select current_database()`)) as unknown as [
    { current_database: string },
  ];
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), maxConnections: 5 });
}
