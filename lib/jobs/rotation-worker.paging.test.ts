import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { devMailboxMailer } from "@/lib/notify";
import { fixedNow, makeLicenseWithKey, testSecrets } from "@/testing/factories";
import { runRotationWorkerPass } from "./rotation-worker";

const DAY_MS = 86_400_000;

describe("a worker pass with more waiting rotations than one page", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow("2026-11-23T12:00:00Z");

  /** A license of its own organisation (one owner) with a scheduled rotation `inDays` from now. */
  const scheduled = async ({ inDays, noticeLeadDays }: { inDays: number; noticeLeadDays: number[] }) => {
    const { db } = database;
    const { org, license } = await makeLicenseWithKey(db, secrets, { now });
    await db.insert(t.rotationPreferences).values({
      orgId: org.id,
      windowWeekdays: [1, 2, 3, 4, 5, 6, 7],
      windowStartMinute: 0,
      windowDurationMinutes: 1440,
      timeZone: "UTC",
      noticeLeadDays,
      overlapMinutes: 60,
    });
    const [rotation] = await db
      .insert(t.rotations)
      .values({
        licenseId: license.id,
        kind: "scheduled",
        state: "planned",
        scheduledFor: new Date(now().getTime() + inDays * DAY_MS),
        overlapMinutes: 60,
      })
      .returning();
    return rotation!;
  };

  it("reaches a due rotation behind a full page of rotations that are not due yet", async () => {
    const { db } = database;
    // Earliest first, and nothing due: their one-day notice is nine days away.
    await scheduled({ inDays: 10, noticeLeadDays: [1] });
    await scheduled({ inDays: 10, noticeLeadDays: [1] });
    // Later, but its 30-day notice (and its new key) are due now.
    const due = await scheduled({ inDays: 20, noticeLeadDays: [30] });

    await runRotationWorkerPass({
      db,
      now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
      batchSize: 2,
    });

    const [after] = await db.select({ state: t.rotations.state }).from(t.rotations).where(eq(t.rotations.id, due.id));
    expect(after!.state).not.toBe("planned");
  });

  it("counts every rotation it moved and every notice it sent, however many batches ran side by side", async () => {
    const { db } = database;
    const due = await Promise.all(Array.from({ length: 6 }, () => scheduled({ inDays: 20, noticeLeadDays: [30] })));

    const report = await runRotationWorkerPass({
      db,
      now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
      stepBatchSize: 1,
      concurrency: 4,
    });

    const states = await db
      .select({ state: t.rotations.state })
      .from(t.rotations)
      .where(
        inArray(
          t.rotations.id,
          due.map(({ id }) => id),
        ),
      );
    expect(states.every(({ state }) => state === "issued")).toBe(true);
    expect(report.stepped).toBe(6);
    // One owner per organisation, one notice each: the 30-day one.
    expect(report.noticesSent).toBe(6);
  });
});
