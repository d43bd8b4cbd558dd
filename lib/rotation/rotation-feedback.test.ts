import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, NotFound } from "@/lib/errors";
import { summarizeRotationFeedback } from "@/lib/health";
import { makeLicenseWithKey, makeUser, orgCtx, testSecrets } from "@/testing/factories";
import { rotationFeedbackSchema } from "@/lib/validations/health";
import { emergencyRotate, findRotationFeedbackPrompt, recordRotationFeedback, rotateNow } from "./index";

const DAY = 86_400_000;

describe("after-rotation feedback", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);

  it("asks each member once about the latest completed rotation, and stops asking after an answer or a dismissal", async () => {
    const { db } = database;
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, org, ctx } = await makeLicenseWithKey(db, secrets, { now });
    expect(await findRotationFeedbackPrompt(ctx, { licenseId: license.id })).toBeNull();

    const rotation = await emergencyRotate(ctx, { licenseId: license.id, reason: "laptop stolen" }, { secrets });
    expect(rotation.state).toBe("completed");
    expect(await findRotationFeedbackPrompt(ctx, { licenseId: license.id })).toEqual({
      rotationId: rotation.id,
      completedAt: clock,
    });

    const input = rotationFeedbackSchema.parse({
      rotationId: rotation.id,
      answer: "not_smooth",
      comment: "  Our CI kept the old key.  ",
    });
    await recordRotationFeedback(ctx, input);
    expect(await findRotationFeedbackPrompt(ctx, { licenseId: license.id })).toBeNull();
    await expect(recordRotationFeedback(ctx, input)).rejects.toBeInstanceOf(Conflict);

    const member = await makeUser(db);
    await db.insert(t.orgMembers).values({ orgId: org.id, userId: member.id, role: "member" });
    const memberCtx = orgCtx(db, { orgId: org.id, user: member, role: "member", now });
    expect(await findRotationFeedbackPrompt(memberCtx, { licenseId: license.id })).not.toBeNull();
    await recordRotationFeedback(
      memberCtx,
      rotationFeedbackSchema.parse({ rotationId: rotation.id, answer: "dismissed" }),
    );
    expect(await findRotationFeedbackPrompt(memberCtx, { licenseId: license.id })).toBeNull();

    const summary = await summarizeRotationFeedback(db, { since: new Date(clock.getTime() - DAY) });
    expect(summary.counts).toEqual({ smooth: 0, not_smooth: 1, dismissed: 1 });
    expect(summary.smoothPercent).toBe(0);
    expect(summary.recentComments).toEqual([
      expect.objectContaining({ answer: "not_smooth", comment: "Our CI kept the old key.", orgName: org.name }),
    ]);
    const audit = await db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, license.id));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["rotation.feedback_given", "rotation.feedback_dismissed"]),
    );

    clock = new Date(clock.getTime() + 31 * DAY);
    const laterCtx = orgCtx(db, { orgId: org.id, user: await makeUser(db), now });
    expect(await findRotationFeedbackPrompt(laterCtx, { licenseId: license.id })).toBeNull();
  });

  it("refuses feedback on a rotation that is still running or belongs to another organization", async () => {
    const { db } = database;
    clock = new Date("2026-11-23T12:00:00Z");
    const { license, ctx } = await makeLicenseWithKey(db, secrets, { now });
    const running = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    await expect(
      recordRotationFeedback(ctx, { rotationId: running.id, answer: "smooth", comment: null }),
    ).rejects.toBeInstanceOf(Conflict);
    const other = await makeLicenseWithKey(db, secrets, { now });
    await expect(
      recordRotationFeedback(other.ctx, { rotationId: running.id, answer: "smooth", comment: null }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(
      rotationFeedbackSchema.safeParse({ rotationId: running.id, answer: "dismissed", comment: "no" }).success,
    ).toBe(false);
    expect(
      rotationFeedbackSchema.safeParse({ rotationId: running.id, answer: "maybe" }).error?.issues[0]?.message,
    ).toBe("Choose yes or no.");
  });
});
