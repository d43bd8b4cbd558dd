import { describe, expect, it } from "vitest";
import { and, eq, inArray, like } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { fixedNow, makeLicensesInBulk, makeOrg, makeProduct, testSecrets } from "@/testing/factories";

const DAY = 86_400_000;

describe("upcoming-rotation notices for an organisation's fleet", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  /** An organisation with `count` licenses of one product, rotating in one window (Tuesdays 22:00 Berlin). */
  const makeFleet = async ({
    count,
    now,
    noticeLeadDays,
  }: {
    count: number;
    now: () => Date;
    noticeLeadDays: number[];
  }) => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const { product, edition } = await makeProduct(db);
    await makeLicensesInBulk(db, secrets, { orgId: org.id, productId: product.id, editionId: edition.id, count, now });
    await db.insert(t.rotationPreferences).values({
      orgId: org.id,
      cadenceDays: 30,
      windowWeekdays: [2],
      windowStartMinute: 22 * 60,
      windowDurationMinutes: 120,
      timeZone: "Europe/Berlin",
      noticeLeadDays,
      overlapMinutes: 60,
    });
    return { org, user, product, edition };
  };

  it("emails one digest per window and lead time with the count per product, keeps one webhook per rotation, and updates the digest when the window gains a key", async () => {
    const { db } = database;
    const planAt = fixedNow("2026-11-23T12:00:00Z");
    const { org, user, product, edition } = await makeFleet({ count: 3, now: planAt, noticeLeadDays: [7, 1] });
    await db.insert(t.notificationChannels).values({
      orgId: org.id,
      kind: "webhook",
      target: "https://hooks.customer.example/rekey",
      verifiedAt: new Date("2026-11-01T00:00:00Z"),
    });
    const worker = (now: () => Date) =>
      runRotationWorkerPass({ db, now, secrets, mailer: devMailboxMailer, portalUrl: "https://portal.example" });

    await worker(planAt);
    const planned = await db.select().from(t.rotations);
    expect(planned).toHaveLength(3);
    const rotatesAt = planned[0]!.scheduledFor;
    expect(planned.every((rotation) => rotation.scheduledFor.getTime() === rotatesAt.getTime())).toBe(true);

    // Three devices hold seats on two of the licenses; a fourth let its seat go and needs nothing.
    await db.insert(t.devices).values([
      ...["a", "b", "c", "d"].map((name, index) => ({
        licenseId: planned[index % 2]!.licenseId,
        fingerprintDigest: `digest-${name}`,
        name,
        status: name === "d" ? ("deactivated" as const) : ("active" as const),
      })),
    ]);

    const weekBefore = () => new Date(rotatesAt.getTime() - 7 * DAY);
    await worker(weekBefore);
    await worker(weekBefore);
    const digests = await listMailbox(db, { to: user.email });
    expect(digests).toHaveLength(1);
    expect(digests[0]!.message).toMatchObject({
      template: "rotation-digest",
      subject: "3 license keys rotate on 29 Dec",
      props: {
        rotatesAt: rotatesAt.toISOString(),
        timeZone: "Europe/Berlin",
        licenseCount: 3,
        devicesToUpdate: 3,
        products: [{ productName: product.name, licenseCount: 3 }],
        licensesUrl: "https://portal.example/",
      },
    });
    const webhooks = await db
      .select()
      .from(t.outbox)
      .where(and(eq(t.outbox.kind, "webhook"), like(t.outbox.dedupeKey, "webhook:rotation.upcoming:%")));
    expect(webhooks).toHaveLength(3);

    // A fourth license joins the same window after the digest went out: its people hear of it in an
    // updated digest at once, and the next lead time's digest counts all four.
    await makeLicensesInBulk(db, secrets, {
      orgId: org.id,
      productId: product.id,
      editionId: edition.id,
      count: 1,
      now: () => new Date(rotatesAt.getTime() - 30 * DAY),
    });
    const threeDaysBefore = () => new Date(rotatesAt.getTime() - 3 * DAY);
    await worker(threeDaysBefore);
    await worker(threeDaysBefore);
    const dayBefore = () => new Date(rotatesAt.getTime() - DAY);
    await worker(dayBefore);
    await worker(dayBefore);
    const all = await listMailbox(db, { to: user.email });
    expect(all.map(({ message }) => message.subject).reverse()).toEqual([
      "3 license keys rotate on 29 Dec",
      "4 license keys rotate on 29 Dec",
      "4 license keys rotate on 29 Dec",
    ]);
  });

  it("leaves the window's digest to the retry when the batch that queued it dies before committing: one digest, one new key per license", async () => {
    const { db } = database;
    const planAt = fixedNow("2026-11-23T12:00:00Z");
    const { org, user } = await makeFleet({ count: 6, now: planAt, noticeLeadDays: [7] });
    const worker = (now: () => Date, options: { beforeCommit?: () => void } = {}) =>
      runRotationWorkerPass({
        db,
        now,
        secrets,
        mailer: devMailboxMailer,
        portalUrl: "https://portal.example",
        // Three batches one after another: the first queues the digest, and the later ones find it queued.
        stepBatchSize: 2,
        concurrency: 1,
        ...options,
      });
    await worker(planAt);
    const ofThisOrg = inArray(
      t.rotations.licenseId,
      db.select({ id: t.licenses.id }).from(t.licenses).where(eq(t.licenses.orgId, org.id)),
    );
    const [planned] = await db.select().from(t.rotations).where(ofThisOrg);
    const rotatesAt = planned!.scheduledFor;
    let hasCrashed = false;
    const crashOnce = () => {
      if (hasCrashed) return;
      hasCrashed = true;
      throw new Error("injected crash before the first batch commits");
    };

    const issueAt = () => new Date(rotatesAt.getTime() - 7 * DAY);
    const report = await worker(issueAt, { beforeCommit: crashOnce });
    await worker(issueAt);

    expect(hasCrashed).toBe(true);
    expect(report.failed).toBe(0);
    const rotations = await db.select({ state: t.rotations.state }).from(t.rotations).where(ofThisOrg);
    expect(rotations.map(({ state }) => state)).toEqual(Array(6).fill("issued"));
    const pendingKeys = await db
      .select({ licenseId: t.licenseKeys.licenseId })
      .from(t.licenseKeys)
      .innerJoin(t.licenses, eq(t.licenses.id, t.licenseKeys.licenseId))
      .where(and(eq(t.licenses.orgId, org.id), eq(t.licenseKeys.state, "pending")));
    expect(new Set(pendingKeys.map(({ licenseId }) => licenseId)).size).toBe(6);
    expect(pendingKeys).toHaveLength(6);
    const issuedEvents = await db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.orgId, org.id), eq(t.auditEvents.action, "rotation.issued")));
    expect(issuedEvents).toHaveLength(6);
    const digests = await listMailbox(db, { to: user.email });
    expect(digests).toHaveLength(1);
    expect(digests[0]!.message).toMatchObject({ template: "rotation-digest", props: { licenseCount: 6 } });
  });
});
