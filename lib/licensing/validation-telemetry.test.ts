import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { validationCounts } from "@/lib/db/schema";
import { ValidationTelemetry } from "./validation-telemetry";

describe("ValidationTelemetry", () => {
  const testDb = useTestDatabase();

  it("aggregates per minute, key and code, and adds to counts another process already stored", async () => {
    const db = testDb.db;
    const licenseId = randomUUID();
    const licenseKeyId = randomUUID();
    const minute = new Date("2026-03-01T10:00:00Z");
    const first = new ValidationTelemetry();
    const second = new ValidationTelemetry();
    for (let i = 0; i < 3; i++)
      first.record({ at: new Date(minute.getTime() + i * 1000), code: "VALID", licenseId, licenseKeyId });
    first.record({ at: new Date(minute.getTime() + 61_000), code: "VALID", licenseId, licenseKeyId });
    first.record({ at: minute, code: "UNKNOWN_KEY", licenseId: null, licenseKeyId: null });
    second.record({ at: minute, code: "VALID", licenseId, licenseKeyId });
    second.record({ at: minute, code: "UNKNOWN_KEY", licenseId: null, licenseKeyId: null });

    expect(await first.flush(db)).toBe(3);
    expect(await second.flush(db)).toBe(2);
    expect(first.pendingCount).toBe(0);

    const rows = await db
      .select({
        bucket: validationCounts.bucketStart,
        key: validationCounts.licenseKeyId,
        code: validationCounts.code,
        count: validationCounts.count,
      })
      .from(validationCounts)
      .orderBy(validationCounts.bucketStart, validationCounts.code);
    expect(rows).toEqual([
      { bucket: minute, key: null, code: "UNKNOWN_KEY", count: 2 },
      { bucket: minute, key: licenseKeyId, code: "VALID", count: 4 },
      { bucket: new Date(minute.getTime() + 60_000), key: licenseKeyId, code: "VALID", count: 1 },
    ]);
  });

  it("keeps the counts of a failed flush for the next attempt", async () => {
    const db = testDb.db;
    const telemetry = new ValidationTelemetry();
    telemetry.record({ at: new Date("2026-03-01T10:00:00Z"), code: "VALID", licenseId: null, licenseKeyId: null });
    await db.execute(sql`alter table validation_counts rename to validation_counts_away`);
    await expect(telemetry.flush(db)).rejects.toThrow();
    expect(telemetry.pendingCount).toBe(1);
    await db.execute(sql`alter table validation_counts_away rename to validation_counts`);
    expect(await telemetry.flush(db)).toBe(1);
  });
});
