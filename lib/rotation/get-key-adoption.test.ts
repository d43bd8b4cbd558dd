import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { activateDevice, renewDeviceLease } from "@/lib/devices";
import { NotFound } from "@/lib/errors";
import { openLicenseKey, ValidationTelemetry } from "@/lib/licensing";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeRotatingLicense } from "@/testing/factories";
import { getKeyAdoption, getRotationProgress, rotateNow } from "./index";

const NOW = "2026-11-23T12:00:00Z";

describe("key adoption during a rotation (who is on the new key, who still needs it)", () => {
  const now = () => new Date(NOW);
  const testbed = useDeviceTestbed(now);
  const { secrets, fingerprints } = testbed;
  const { deviceDeps } = testbed;
  const validateAs = (key: string, fingerprint: string, clientVersion?: string) =>
    testbed.validateLikeTheRoute({ key, fingerprint, clientVersion });

  it("shows one device on the new key and the others on the old one after each validates or checks in", async () => {
    const { license, key: oldKey, ctx } = await makeRotatingLicense(testbed.db, secrets, { now, cadenceDays: null });
    const api = apiCtx(testbed.db, now);
    const [updated, stale, checkingIn] = [fingerprints.next(), fingerprints.next(), fingerprints.next()];
    for (const [fingerprint, name] of [
      [updated, "build-01"],
      [stale, "build-02"],
      [checkingIn, "laptop"],
    ] as const)
      await activateDevice(api, { key: oldKey.plaintext, fingerprint, name }, deviceDeps());
    expect(await getKeyAdoption(ctx, license.id)).toBeNull();

    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    const [newKeyRow] = await testbed.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.id, rotation.newKeyId!));
    const newKey = openLicenseKey(secrets.ring, newKeyRow!);

    expect((await validateAs(newKey, updated)).subject?.deviceToNote).toBeDefined();
    expect((await validateAs(oldKey.plaintext, stale)).code).toBe("VALID_ROTATING");
    await renewDeviceLease(api, { key: oldKey.plaintext, fingerprint: checkingIn }, deviceDeps());
    // Written once per device and key: the next validation with the same key writes nothing.
    expect((await validateAs(newKey, updated)).subject?.deviceToNote).toBeUndefined();

    const adoption = await getKeyAdoption(ctx, license.id);
    expect(adoption).toMatchObject({
      isOverlapping: true,
      oldKeyStopsAt: rotation.overlapEndsAt,
      oldKeyPrefix: oldKey.prefix,
      onNewKey: 1,
      onOldKey: 2,
      notSeen: 0,
    });
    expect(adoption!.devices.map(({ name, key }) => [name, key])).toEqual([
      ["build-01", "new"],
      ["build-02", "old"],
      ["laptop", "old"],
    ]);
  });

  it("shows the client version each device last reported on validation or heartbeat, and keeps it when a call reports none", async () => {
    const { license, key, ctx } = await makeRotatingLicense(testbed.db, secrets, { now, cadenceDays: null });
    const api = apiCtx(testbed.db, now);
    const [validating, checkingIn, silent] = [fingerprints.next(), fingerprints.next(), fingerprints.next()];
    await activateDevice(
      api,
      { key: key.plaintext, fingerprint: validating, name: "a-validating", clientVersion: "4.1.0" },
      deviceDeps(),
    );
    await activateDevice(api, { key: key.plaintext, fingerprint: checkingIn, name: "b-checking-in" }, deviceDeps());
    await activateDevice(api, { key: key.plaintext, fingerprint: silent, name: "c-silent" }, deviceDeps());
    await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });

    // Same key as on record, new version: validation notes it once; a later call without one changes nothing.
    expect((await validateAs(key.plaintext, validating, "4.2.1")).subject?.deviceToNote).toBeDefined();
    expect((await validateAs(key.plaintext, validating, "4.2.1")).subject?.deviceToNote).toBeUndefined();
    await validateAs(key.plaintext, validating);
    await renewDeviceLease(
      api,
      { key: key.plaintext, fingerprint: checkingIn, clientVersion: "2.0.0-beta.1" },
      deviceDeps(),
    );

    const adoption = await getKeyAdoption(ctx, license.id);
    expect(adoption!.devices.map(({ name, clientVersion, key }) => [name, clientVersion, key])).toEqual([
      ["a-validating", "4.2.1", "old"],
      ["b-checking-in", "2.0.0-beta.1", "old"],
      ["c-silent", null, "old"],
    ]);
  });

  it("counts the last day's validations per key from every client, those without a device record included", async () => {
    const { license, ctx } = await makeRotatingLicense(testbed.db, secrets, { now, cadenceDays: null });
    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    const telemetry = new ValidationTelemetry();
    const seen = (minutesAgo: number, licenseKeyId: string) =>
      telemetry.record({
        at: new Date(now().getTime() - minutesAgo * 60_000),
        code: "VALID",
        licenseId: license.id,
        licenseKeyId,
      });
    seen(5, rotation.oldKeyId!);
    seen(90, rotation.oldKeyId!);
    seen(2, rotation.newKeyId!);
    // Two days ago: outside the view's day.
    seen(2 * 24 * 60, rotation.oldKeyId!);
    await telemetry.flush(testbed.db);

    const adoption = await getKeyAdoption(ctx, license.id);
    expect(adoption!.devices).toEqual([]);
    expect(adoption!.keyUse).toEqual({
      since: new Date(now().getTime() - 24 * 60 * 60_000),
      oldKey: { validations: 2, lastMinute: new Date(now().getTime() - 5 * 60_000) },
      newKey: { validations: 1, lastMinute: new Date(now().getTime() - 2 * 60_000) },
    });
  });

  it("is a 404 for another organization's license, named by id or by a row loaded for it", async () => {
    const mine = await makeRotatingLicense(testbed.db, secrets, { now, cadenceDays: null });
    const theirs = await makeRotatingLicense(testbed.db, secrets, { now, cadenceDays: null });
    await expect(getKeyAdoption(mine.ctx, theirs.license.id)).rejects.toBeInstanceOf(NotFound);
    await expect(getKeyAdoption(mine.ctx, theirs.license)).rejects.toBeInstanceOf(NotFound);
    await expect(getRotationProgress(mine.ctx, theirs.license)).rejects.toBeInstanceOf(NotFound);
    expect(await getRotationProgress(mine.ctx, mine.license)).toEqual(
      await getRotationProgress(mine.ctx, mine.license.id),
    );
  });
});
