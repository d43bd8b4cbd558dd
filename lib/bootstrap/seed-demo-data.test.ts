import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { verifyAuditChain } from "@/lib/audit";
import * as t from "@/lib/db/schema";
import { DEMO_USERS, isDemoSeeded, seedDemoData } from "./seed-demo-data";
import { useTestDatabase } from "@/testing/test-database";
import { testSecrets } from "@/testing/factories";

describe("demo seed", () => {
  const database = useTestDatabase();

  it("creates two organisations, licenses in every status, devices and both staff roles", async () => {
    const { db } = database;
    expect(await seedDemoData(db, { now: new Date("2026-11-23T12:00:00Z"), secrets: testSecrets() })).toEqual({
      seeded: true,
    });
    expect(await isDemoSeeded(db)).toBe(true);
    const orgs = await db.select().from(t.organizations);
    expect(orgs.map((o) => o.name).sort()).toEqual(["Acme Robotics", "Globex Corporation"]);
    const statuses = new Set((await db.select({ status: t.licenses.status }).from(t.licenses)).map((r) => r.status));
    expect([...statuses].sort()).toEqual(["active", "expired", "revoked", "suspended"]);
    const trials = await db
      .select({ id: t.licenses.id })
      .from(t.licenses)
      .innerJoin(t.editions, eq(t.editions.id, t.licenses.editionId))
      .where(eq(t.editions.code, "trial"));
    expect(trials).toHaveLength(1);
    const [devices] = await db.select({ n: count() }).from(t.devices);
    expect(devices!.n).toBeGreaterThan(0);
    const [support] = await db.select().from(t.users).where(eq(t.users.email, DEMO_USERS.support));
    const [admin] = await db.select().from(t.users).where(eq(t.users.email, DEMO_USERS.admin));
    expect([support?.staffRole, admin?.staffRole]).toEqual(["support", "admin"]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("never seeds twice, so a restart keeps the user's changes", async () => {
    const { db } = database;
    await db.update(t.organizations).set({ name: "Acme Renamed" }).where(eq(t.organizations.slug, "acme"));
    expect(await seedDemoData(db, { now: new Date(), secrets: testSecrets() })).toEqual({ seeded: false });
    const [org] = await db.select().from(t.organizations).where(eq(t.organizations.slug, "acme"));
    expect(org!.name).toBe("Acme Renamed");
  });
});
