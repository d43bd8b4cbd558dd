import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Conflict, Forbidden } from "@/lib/errors";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { devMailboxMailer } from "@/lib/notify";
import { useTestDatabase } from "@/testing/test-database";
import { makeRotatingLicense, orgCtx, testSecrets } from "@/testing/factories";
import {
  buildRotationHistory,
  findNextRotation,
  getRotationOverview,
  postponeRotation,
  undoPostponement,
  updateRotationPreferences,
  type RotationRecord,
} from "./index";

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const record = (
  fields: Partial<RotationRecord> & Pick<RotationRecord, "id" | "state" | "scheduledFor">,
): RotationRecord => ({
  kind: "scheduled",
  overlapEndsAt: null,
  reason: null,
  createdAt: at("2026-11-01T00:00:00Z"),
  ...fields,
});

describe("the rotation timeline reads as history", () => {
  it("folds plans replaced by new settings into their successor as one move", () => {
    const history = buildRotationHistory(
      [
        record({ id: "c", state: "planned", scheduledFor: at("2027-03-09T01:00:00Z") }),
        record({ id: "b", state: "cancelled", scheduledFor: at("2026-12-15T01:00:00Z") }),
        record({ id: "a", state: "cancelled", scheduledFor: at("2026-12-08T01:00:00Z") }),
      ],
      [],
    );
    expect(history).toEqual([
      expect.objectContaining({ id: "c", state: "planned", movedFrom: at("2026-12-08T01:00:00Z") }),
    ]);
  });

  it("shows where a postponed rotation was first planned", () => {
    const history = buildRotationHistory(
      [record({ id: "a", state: "notified", scheduledFor: at("2026-12-22T01:00:00Z") })],
      [
        { rotationId: "a", from: at("2026-12-08T01:00:00Z") },
        { rotationId: "a", from: at("2026-12-15T01:00:00Z") },
      ],
    );
    expect(history).toEqual([expect.objectContaining({ id: "a", movedFrom: at("2026-12-08T01:00:00Z") })]);
  });

  it("keeps a cancellation nothing replaced, and rotations of other kinds, as they are", () => {
    const history = buildRotationHistory(
      [
        record({ id: "b", kind: "customer", state: "completed", scheduledFor: at("2026-12-02T01:00:00Z") }),
        record({ id: "a", state: "cancelled", scheduledFor: at("2026-12-08T01:00:00Z") }),
      ],
      [],
    );
    expect(history.map((entry) => [entry.id, entry.state, entry.movedFrom])).toEqual([
      ["b", "completed", null],
      ["a", "cancelled", null],
    ]);
  });
});

describe("the next rotation has one source", () => {
  it("is the open rotation the worker will run, not a date worked out from the window", () => {
    const next = findNextRotation([record({ id: "a", state: "planned", scheduledFor: at("2027-03-09T01:00:00Z") })], {
      cadenceDays: 90,
    });
    expect(next).toEqual({
      isPlanned: true,
      rotationId: "a",
      kind: "scheduled",
      at: at("2027-03-09T01:00:00Z"),
      isPostponable: true,
    });
  });

  it("says why nothing is planned", () => {
    expect(findNextRotation([], { cadenceDays: null })).toEqual({ isPlanned: false, why: "manual" });
    expect(
      findNextRotation(
        [record({ id: "a", kind: "customer", state: "overlapping", scheduledFor: at("2026-12-01T00:00:00Z") })],
        {
          cadenceDays: 30,
        },
      ),
    ).toEqual({ isPlanned: false, why: "inOverlap" });
  });
});

describe("postpone and its undo", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = () => new Date("2026-11-23T12:00:00Z");
  const worker = () => ({
    db: database.db,
    now,
    secrets,
    mailer: devMailboxMailer,
    portalUrl: "https://portal.example",
  });

  it("puts the rotation back on its earlier date, audited, and only once", async () => {
    const { license, ctx } = await makeRotatingLicense(database.db, secrets, { now });
    await runRotationWorkerPass(worker());
    const before = (await getRotationOverview(ctx, license.id)).nextRotation;
    const postponed = await postponeRotation(ctx, { licenseId: license.id });
    expect(postponed.scheduledFor.getTime()).toBe((before.isPlanned ? before.at.getTime() : 0) + 7 * DAY);

    const undone = await undoPostponement(ctx, { licenseId: license.id });
    const after = await getRotationOverview(ctx, license.id);
    expect(after.nextRotation).toMatchObject({ isPlanned: true, at: before.isPlanned ? before.at : null });
    expect(undone.scheduledFor).toEqual(before.isPlanned ? before.at : null);
    expect(after.history[0]!.movedFrom).toBeNull();
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, license.id));
    expect(audit.map((event) => event.action)).toContain("rotation.postponement_undone");
    await expect(undoPostponement(ctx, { licenseId: license.id })).rejects.toBeInstanceOf(Conflict);
  });

  it("refuses an undo when nothing was postponed", async () => {
    const { license, ctx } = await makeRotatingLicense(database.db, secrets, { now });
    await runRotationWorkerPass(worker());
    await expect(undoPostponement(ctx, { licenseId: license.id })).rejects.toBeInstanceOf(Conflict);
  });

  it("lets only an owner change rotation settings, on the server too", async () => {
    const { org, license } = await makeRotatingLicense(database.db, secrets, { now });
    const [member] = await database.db
      .insert(t.users)
      .values({ email: `member-${license.id}@example.test` })
      .returning();
    await database.db.insert(t.orgMembers).values({ orgId: org.id, userId: member!.id, role: "member" });
    const memberCtx = orgCtx(database.db, { orgId: org.id, user: member!, role: "member", now });
    await expect(
      updateRotationPreferences(memberCtx, {
        licenseId: license.id,
        cadence: 30,
        weekdays: [3],
        startTime: "02:00",
        durationMinutes: 60,
        timeZone: "UTC",
        leadDays: [14],
        overlapMinutes: 60,
        alignWithRenewal: false,
      }),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
