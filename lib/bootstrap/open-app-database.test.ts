import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { openAppDatabase } from "./open-app-database";
import * as t from "@/lib/db/schema";
import { pinAuditKeys } from "@/lib/audit/audit-keys";
import { testSecrets } from "@/testing/factories";

const quietLogger = { info: () => {} };
const secrets = testSecrets();
// Opens its own databases (not through testing/test-database.ts), so it keys their audit chain itself.
pinAuditKeys(() => secrets.ring);

describe("the embedded database on disk", () => {
  const root = mkdtempSync(path.join(tmpdir(), "rekey-data-"));
  const dataDir = path.join(root, ".data");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is created, migrated and seeded on first start, keeps changes across restarts, and reseeds once deleted", async () => {
    const first = await openAppDatabase({
      dataDir,
      seedDemo: false,
      isProduction: false,
      logger: quietLogger,
      secrets: () => secrets,
    });
    await first.db.update(t.organizations).set({ name: "Renamed by the user" }).where(eq(t.organizations.slug, "acme"));
    await first.close();

    const restarted = await openAppDatabase({
      dataDir,
      seedDemo: false,
      isProduction: false,
      logger: quietLogger,
      secrets: () => secrets,
    });
    const [org] = await restarted.db.select().from(t.organizations).where(eq(t.organizations.slug, "acme"));
    const [orgs] = await restarted.db.select({ n: count() }).from(t.organizations);
    expect([org?.name, orgs?.n]).toEqual(["Renamed by the user", 2]);
    await restarted.close();

    rmSync(dataDir, { recursive: true, force: true });
    const fresh = await openAppDatabase({
      dataDir,
      seedDemo: false,
      isProduction: false,
      logger: quietLogger,
      secrets: () => secrets,
    });
    const [again] = await fresh.db.select().from(t.organizations).where(eq(t.organizations.slug, "acme"));
    expect(again?.name).toBe("Acme Robotics");
    await fresh.close();
  }, 300_000); // three full create-migrate-seed cycles of an on-disk database: past 120 s on the 2-CPU machine beside next build and the browser suite
});

describe("a production start", () => {
  const root = mkdtempSync(path.join(tmpdir(), "rekey-data-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("creates and migrates a new embedded database without loading demo data or its staff accounts", async () => {
    const opened = await openAppDatabase({
      dataDir: path.join(root, "fresh"),
      seedDemo: false,
      isProduction: true,
      logger: quietLogger,
      secrets: () => secrets,
    });
    const [users] = await opened.db.select({ n: count() }).from(t.users);
    const [orgs] = await opened.db.select({ n: count() }).from(t.organizations);
    expect([users?.n, orgs?.n]).toEqual([0, 0]);
    await opened.close();
  }, 60_000);

  it("refuses REKEY_SEED_DEMO, naming it, before touching any database", async () => {
    await expect(
      openAppDatabase({
        dataDir: path.join(root, "asked"),
        seedDemo: true,
        isProduction: true,
        logger: quietLogger,
        secrets: () => secrets,
      }),
    ).rejects.toThrow(/REKEY_SEED_DEMO is for development only/);
  });
});
