import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Conflict, InvalidInput } from "@/lib/errors";
import { activateDevice } from "@/lib/devices";
import { openLicenseKey, validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, fixedNow, makeLicenseWithKey, makeUser, staffCtx } from "@/testing/factories";
import { convertTrialLicense, TRIAL_CONVERSION } from "./index";

const NOW = "2026-11-23T12:00:00Z";
const PORTAL = "https://portal.example";
const DAY_MS = 86_400_000;
const REASON = { reason: "Customer bought 10 seats, PO 4711", reasonCategory: "billing" } as const;

describe("converting a trial to a paid license in place", () => {
  const testbed = useDeviceTestbed(fixedNow(NOW));
  const { secrets, fingerprints } = testbed;
  const now = fixedNow(NOW);

  async function trialWithDevices(deviceCount: number) {
    const trial = await makeLicenseWithKey(testbed.db, secrets, {
      now,
      editionCode: "trial",
      seats: 2,
      startsAt: new Date("2026-11-16T00:00:00Z"),
      expiresAt: new Date("2026-11-30T00:00:00Z"),
    });
    const [paid] = await testbed.db
      .insert(t.editions)
      .values({ productId: trial.license.productId, code: "professional", name: "Professional" })
      .returning();
    const deviceFingerprints = Array.from({ length: deviceCount }, () => fingerprints.next());
    for (const fingerprint of deviceFingerprints) {
      await activateDevice(
        apiCtx(testbed.db, now),
        { key: trial.key.plaintext, fingerprint },
        {
          hasher: secrets.hasher,
          signer: testbed.signer,
          issuer: `${PORTAL}/`,
          portalUrl: PORTAL,
          mailer: devMailboxMailer,
          caller: { ip: "198.51.100.4" },
        },
      );
    }
    const support = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }), "support", now);
    return { ...trial, paid: paid!, deviceFingerprints, support };
  }

  it("keeps the license id and every device, changes edition, seats and term, and issues a new key while the trial key overlaps", async () => {
    const { license, key, paid, deviceFingerprints, support } = await trialWithDevices(2);
    const devicesBefore = await testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, license.id));
    const paidUntil = new Date("2027-11-23T00:00:00Z");

    const { rotation, edition } = await convertTrialLicense(
      support,
      {
        licenseId: license.id,
        editionId: paid.id,
        seats: 10,
        expiresAt: paidUntil,
        overlapMinutes: 7 * 24 * 60,
        ...REASON,
      },
      { secrets },
    );

    expect(edition.code).toBe("professional");
    expect(rotation).toMatchObject({
      kind: "reissue",
      state: "overlapping",
      overlapEndsAt: new Date(Date.parse(NOW) + 7 * DAY_MS),
    });
    const [converted] = await testbed.db.select().from(t.licenses).where(eq(t.licenses.id, license.id));
    expect(converted).toMatchObject({
      editionId: paid.id,
      seats: 10,
      expiresAt: paidUntil,
      convertedFromTrialAt: now(),
      status: "active",
    });
    const devicesAfter = await testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, license.id));
    expect(devicesAfter.map((device) => [device.id, device.status])).toEqual(
      devicesBefore.map((device) => [device.id, "active"]),
    );

    const [newKey] = await testbed.db
      .select()
      .from(t.licenseKeys)
      .where(and(eq(t.licenseKeys.licenseId, license.id), eq(t.licenseKeys.state, "active")));
    const newPlaintext = openLicenseKey(secrets.ring, newKey!);
    expect(newPlaintext).not.toBe(key.plaintext);
    const validate = (plaintext: string, fingerprint: string) =>
      validateLicenseKey(
        testbed.db,
        { key: plaintext, fingerprint },
        { hasher: secrets.hasher, now: now(), portalUrl: PORTAL },
      );
    expect((await validate(newPlaintext, deviceFingerprints[0]!)).code).toBe("VALID");
    expect((await validate(key.plaintext, deviceFingerprints[1]!)).code).toBe("VALID_ROTATING");

    const [audit] = await testbed.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, license.id), eq(t.auditEvents.action, "license.trial_converted")));
    expect(audit).toMatchObject({
      actorType: "staff",
      reason: REASON.reason,
      data: {
        conversion: TRIAL_CONVERSION,
        rotationId: rotation.id,
        reasonCategory: "billing",
        from: { edition: "trial", seats: 2 },
        to: { edition: "professional", seats: 10 },
        devicesKept: 2,
      },
    });
  });

  it("refuses fewer seats than the trial's active devices, a trial edition as target, and a license that is not a trial, changing nothing", async () => {
    const { license, paid, support } = await trialWithDevices(2);
    const convert = (fields: Partial<{ seats: number; editionId: string; licenseId: string }>) =>
      convertTrialLicense(
        support,
        {
          licenseId: license.id,
          editionId: paid.id,
          seats: 5,
          expiresAt: null,
          overlapMinutes: 60,
          ...REASON,
          ...fields,
        },
        { secrets },
      );

    await expect(convert({ seats: 1 })).rejects.toMatchObject({
      constructor: InvalidInput,
      fieldErrors: { seats: [expect.stringMatching(/At least 2 seats/)] },
    });
    await expect(convert({ editionId: license.editionId })).rejects.toBeInstanceOf(InvalidInput);
    const [unchanged] = await testbed.db.select().from(t.licenses).where(eq(t.licenses.id, license.id));
    expect(unchanged).toMatchObject({ editionId: license.editionId, seats: 2, convertedFromTrialAt: null });

    await convert({});
    await expect(convert({})).rejects.toBeInstanceOf(Conflict);
  });
});
