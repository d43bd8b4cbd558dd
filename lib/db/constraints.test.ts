import { describe, expect, it } from "vitest";
import * as t from "./schema";
import { useTestDatabase } from "@/testing/test-database";
import { makeLicense, makeOrg } from "@/testing/factories";

const keyRow = (licenseId: string, state: "pending" | "active" | "retiring" | "retired", n: number) => ({
  licenseId,
  state,
  prefix: `RK-T${n}`,
  digest: `digest-${licenseId}-${n}`,
  ciphertext: "x",
  masterKeyVersion: 1,
});

describe("database-enforced domain rules", () => {
  const database = useTestDatabase();

  it("allows at most one active key per license", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    await db.insert(t.licenseKeys).values(keyRow(license.id, "active", 1));
    await expect(db.insert(t.licenseKeys).values(keyRow(license.id, "active", 2))).rejects.toThrow();
    await db.insert(t.licenseKeys).values(keyRow(license.id, "retired", 3));
    await db.insert(t.licenseKeys).values(keyRow(license.id, "retired", 4));
  });

  it("allows one pending and one retiring key next to the active one, never two of either", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    await db.insert(t.licenseKeys).values([keyRow(license.id, "active", 1), keyRow(license.id, "pending", 2)]);
    await expect(db.insert(t.licenseKeys).values(keyRow(license.id, "pending", 3))).rejects.toThrow();
    await db.insert(t.licenseKeys).values(keyRow(license.id, "retiring", 4));
    await expect(db.insert(t.licenseKeys).values(keyRow(license.id, "retiring", 5))).rejects.toThrow();
  });

  it("rejects a license with no seats or an expiry before its start", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    await expect(makeLicense(db, org.id, { seats: 0 })).rejects.toThrow();
    await expect(
      makeLicense(db, org.id, { startsAt: new Date("2026-02-01"), expiresAt: new Date("2026-01-01") }),
    ).rejects.toThrow();
  });

  it("allows one open rotation per license", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const rotation = {
      licenseId: license.id,
      kind: "scheduled" as const,
      scheduledFor: new Date(),
      overlapMinutes: 60,
    };
    await db.insert(t.rotations).values({ ...rotation, state: "completed" });
    await db.insert(t.rotations).values({ ...rotation, state: "planned" });
    await expect(db.insert(t.rotations).values({ ...rotation, state: "notified" })).rejects.toThrow();
  });
});
