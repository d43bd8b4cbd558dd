import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { issueLicenseKey } from "@/lib/licensing";
import { devMailboxMailer, type EmailMessage } from "@/lib/notify";
import { makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/testing/factories";
import { describeRotationLink, emergencyRotate, postponeRotation, previewPostponement, rotateNow } from "./index";

const DAY = 86_400_000;

describe("one-click rotation links and rotation emails", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);

  /** A license whose scheduled rotation has sent its first notice (new key issued), as the email link finds it. */
  async function noticedRotation() {
    const { db } = database;
    clock = new Date("2026-11-23T12:00:00Z");
    const { org, user } = await makeOrg(db);
    const license = await makeLicense(db, org.id, { expiresAt: new Date("2028-01-01T00:00:00Z") });
    await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    await db.insert(t.rotationPreferences).values({
      orgId: org.id,
      cadenceDays: 30,
      windowWeekdays: [2, 4],
      windowStartMinute: 22 * 60,
      windowDurationMinutes: 120,
      timeZone: "Europe/Berlin",
      noticeLeadDays: [14, 3, 1],
      overlapMinutes: 60,
    });
    const pass = () =>
      runRotationWorkerPass({ db, now, secrets, mailer: devMailboxMailer, portalUrl: "https://portal.example" });
    await pass();
    const [planned] = await db.select().from(t.rotations).where(eq(t.rotations.licenseId, license.id));
    clock = new Date(planned!.scheduledFor.getTime() - 14 * DAY);
    await pass();
    const [rotation] = await db.select().from(t.rotations).where(eq(t.rotations.id, planned!.id));
    return { org, user, license, rotation: rotation!, ctx: orgCtx(db, { orgId: org.id, user, now }) };
  }

  const emailsFor = async (rotationId: string) =>
    (
      await database.db
        .select()
        .from(t.outbox)
        .where(like(t.outbox.dedupeKey, `%:${rotationId}:%`))
    )
      .filter((row) => row.kind === "email")
      .map((row) => row.payload as EmailMessage);

  it("puts the deep link and both one-click links, naming the rotation and its date, into the notice", async () => {
    const { license, rotation } = await noticedRotation();
    const [notice] = await emailsFor(rotation.id);
    const query = `rotation=${rotation.id}&at=${encodeURIComponent(rotation.scheduledFor.toISOString())}`;
    expect(notice).toMatchObject({
      template: "rotation-upcoming",
      props: {
        licenseUrl: `https://portal.example/licenses/${license.id}#key`,
        rotateNowUrl: `https://portal.example/licenses/${license.id}/rotation/rotate-now?${query}`,
        postponeUrl: `https://portal.example/licenses/${license.id}/rotation/postpone?${query}`,
        isNewKeyReady: true,
      },
    });
  });

  it("previews a postponement without changing anything, then postpones to exactly that date", async () => {
    const { license, rotation, ctx } = await noticedRotation();
    const link = { licenseId: license.id, rotationId: rotation.id, announcedFor: rotation.scheduledFor };
    expect(await describeRotationLink(ctx, link)).toMatchObject({ kind: "plannable" });
    const preview = await previewPostponement(ctx, { licenseId: license.id });
    expect(preview.from).toEqual(rotation.scheduledFor);
    expect(
      (await database.db.select().from(t.rotations).where(eq(t.rotations.id, rotation.id)))[0]!.scheduledFor,
    ).toEqual(rotation.scheduledFor);

    const postponed = await postponeRotation(ctx, { licenseId: license.id });
    expect(postponed.scheduledFor).toEqual(preview.to);
    expect(await describeRotationLink(ctx, link)).toEqual({ kind: "postponed", scheduledFor: preview.to });
  });

  it("rotates now from the link by bringing the issued rotation forward, keeping the key the customer may have installed", async () => {
    const { license, rotation, ctx } = await noticedRotation();
    const after = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    expect(after).toMatchObject({
      id: rotation.id,
      state: "overlapping",
      newKeyId: rotation.newKeyId,
      scheduledFor: clock,
      overlapEndsAt: new Date(clock.getTime() + 3_600_000),
    });
    const link = { licenseId: license.id, rotationId: rotation.id, announcedFor: rotation.scheduledFor };
    expect(await describeRotationLink(ctx, link)).toEqual({ kind: "rotated", rotatedAt: clock });
  });

  it("answers a link to a rotation replaced by an emergency as already rotated, and one of another license as unknown", async () => {
    const { license, rotation, ctx } = await noticedRotation();
    await emergencyRotate(ctx, { licenseId: license.id, reason: "pasted into a chat" }, { secrets });
    expect(
      await describeRotationLink(ctx, {
        licenseId: license.id,
        rotationId: rotation.id,
        announcedFor: rotation.scheduledFor,
      }),
    ).toMatchObject({ kind: "rotated" });
    const other = await noticedRotation();
    await expect(
      describeRotationLink(ctx, {
        licenseId: license.id,
        rotationId: other.rotation.id,
        announcedFor: other.rotation.scheduledFor,
      }),
    ).rejects.toThrow(/does not match/);
  });

  it("emails the owners when a key is revoked in an emergency, and when a customer rotation issues and completes", async () => {
    const { license, rotation, ctx, user } = await noticedRotation();
    await emergencyRotate(ctx, { licenseId: license.id, reason: "pasted into a chat" }, { secrets });
    const [emergency] = await database.db
      .select()
      .from(t.rotations)
      .where(and(eq(t.rotations.licenseId, license.id), eq(t.rotations.kind, "emergency")));
    expect((await emailsFor(emergency!.id)).map((email) => [email.template, email.to])).toEqual([
      ["key-revoked", user.email],
    ]);
    expect((await emailsFor(emergency!.id))[0]!.props).toMatchObject({
      reason: "pasted into a chat",
      timeZone: "Europe/Berlin",
      licenseUrl: `/licenses/${license.id}#key`,
    });
    expect(rotation.kind).toBe("scheduled");

    clock = new Date(clock.getTime() + DAY);
    const customer = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    await runRotationWorkerPass({
      db: database.db,
      now,
      secrets,
      mailer: devMailboxMailer,
      portalUrl: "https://portal.example",
    });
    expect((await emailsFor(customer.id)).map((email) => email.template).sort()).toEqual([
      "rotation-completed",
      "rotation-issued",
    ]);
    const queued = await database.db
      .select()
      .from(t.outbox)
      .where(like(t.outbox.dedupeKey, `rotation-email:%:${customer.id}:%`));
    expect(queued.every((row) => row.status === "pending")).toBe(true);
  });
});
