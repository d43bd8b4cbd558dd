import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { activateDevice } from "@/lib/devices";
import { runRotationWorkerPass } from "@/lib/jobs/rotation-worker";
import { openLicenseKey } from "@/lib/licensing";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeRotatingLicense } from "@/testing/factories";
import { rotateNow } from "./index";

const DAY = 86_400_000;
const PORTAL = "https://portal.example";

describe("rotation notices count who still needs the new key (issue 16, item 9)", () => {
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  const testbed = useDeviceTestbed(now);
  const { secrets, fingerprints } = testbed;
  const worker = () =>
    runRotationWorkerPass({ db: testbed.db, now, secrets, mailer: devMailboxMailer, portalUrl: PORTAL });

  async function licenseWithDevices(names: string[], options: { cadenceDays?: number | null } = {}) {
    clock = new Date("2026-11-23T12:00:00Z");
    const made = await makeRotatingLicense(testbed.db, secrets, { now, ...options });
    const deviceFingerprints = [];
    for (const name of names) {
      const fingerprint = fingerprints.next();
      await activateDevice(
        apiCtx(testbed.db, now),
        { key: made.key.plaintext, fingerprint, name },
        testbed.deviceDeps(),
      );
      deviceFingerprints.push(fingerprint);
    }
    return { ...made, fingerprints: deviceFingerprints };
  }

  const validateAs = (key: string, fingerprint: string) => testbed.validateLikeTheRoute({ key, fingerprint });

  it("tells the upcoming-rotation notice how many devices will need the new key and where to see them", async () => {
    const { license, user } = await licenseWithDevices(["build-01", "build-02", "laptop"]);
    await worker();
    const [planned] = await testbed.db.select().from(t.rotations).where(eq(t.rotations.licenseId, license.id));
    clock = new Date(planned!.scheduledFor.getTime() - 14 * DAY);
    await worker();

    const [notice] = await listMailbox(testbed.db, { to: user.email });
    expect(notice!.message).toMatchObject({
      template: "rotation-upcoming",
      props: {
        isNewKeyReady: true,
        adoption: { onNewKey: 0, onOldKey: 3, notSeen: 0 },
        adoptionUrl: `${PORTAL}/licenses/${license.id}#adoption`,
      },
    });
  });

  it("sends the overlap-ending notice at the lead times inside the overlap, once, with who presents which key", async () => {
    const {
      license,
      user,
      key: oldKey,
      ctx,
      fingerprints: [updated, stale],
    } = await licenseWithDevices(["build-01", "build-02", "laptop"], { cadenceDays: null });
    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 7 * 24 * 60 }, { secrets });
    const overlapEndsAt = rotation.overlapEndsAt!;
    // Leads 14, 3 and 1 days: only 3 and 1 fall inside a 7-day overlap, so the worker looks again 3 days before its end.
    const [row] = await testbed.db.select().from(t.rotations).where(eq(t.rotations.id, rotation.id));
    expect(row!.nextStepAt).toEqual(new Date(overlapEndsAt.getTime() - 3 * DAY));

    const [newKeyRow] = await testbed.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.id, rotation.newKeyId!));
    await validateAs(openLicenseKey(secrets.ring, newKeyRow!), updated!);
    await validateAs(oldKey.plaintext, stale!);

    clock = new Date(overlapEndsAt.getTime() - 3 * DAY);
    await worker();
    await worker();
    const notices = (await listMailbox(testbed.db, { to: user.email })).filter(
      ({ message }) => message.template === "rotation-overlap-ending",
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatchObject({
      props: {
        oldKeyPrefix: oldKey.prefix,
        oldKeyStopsAt: overlapEndsAt.toISOString(),
        adoption: { onNewKey: 1, onOldKey: 2, notSeen: 0 },
        adoptionUrl: `${PORTAL}/licenses/${license.id}#adoption`,
      },
    });

    clock = new Date(overlapEndsAt.getTime() - DAY);
    await worker();
    const later = await listMailbox(testbed.db, { to: user.email });
    expect(later.filter(({ message }) => message.template === "rotation-overlap-ending")).toHaveLength(2);
  });

  it("sends no overlap-ending notice when every device already presents the new key, nor for an overlap shorter than the shortest lead", async () => {
    const everyoneUpdated = await licenseWithDevices(["build-01"], { cadenceDays: null });
    const rotation = await rotateNow(
      everyoneUpdated.ctx,
      { licenseId: everyoneUpdated.license.id, overlapMinutes: 7 * 24 * 60 },
      { secrets },
    );
    const [newKeyRow] = await testbed.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.id, rotation.newKeyId!));
    await validateAs(openLicenseKey(secrets.ring, newKeyRow!), everyoneUpdated.fingerprints[0]!);

    const shortOverlap = await licenseWithDevices(["build-02"], { cadenceDays: null });
    const short = await rotateNow(
      shortOverlap.ctx,
      { licenseId: shortOverlap.license.id, overlapMinutes: 12 * 60 },
      { secrets },
    );
    const [shortRow] = await testbed.db.select().from(t.rotations).where(eq(t.rotations.id, short.id));
    expect(shortRow!.nextStepAt).toEqual(short.overlapEndsAt);

    clock = new Date(rotation.overlapEndsAt!.getTime() - DAY);
    await worker();
    for (const { user } of [everyoneUpdated, shortOverlap]) {
      const mail = await listMailbox(testbed.db, { to: user.email });
      expect(mail.filter(({ message }) => message.template === "rotation-overlap-ending")).toHaveLength(0);
    }
  });
});
