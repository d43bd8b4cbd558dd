import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { dumpDatabase } from "@/testing/dump-database";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeLicenseWithKey, systemActor } from "@/testing/factories";
import {
  DEACTIVATION_RECEIPT_AUDIENCE,
  DEVICE_LEASE_AUDIENCE,
  DEVICE_REFUSAL_AUDIENCE,
} from "@/packages/sdk/src/device-protocol";
import { fingerprintHash } from "@/packages/sdk/src/fingerprint-hash";
import {
  activateDevice,
  deactivateDeviceFromClient,
  DeviceRefused,
  expireStaleDevices,
  renewDeviceLease,
  signDeviceRefusal,
} from "./index";

const START = "2026-11-23T12:00:00Z";
const DAY_MS = 86_400_000;
const ISSUER = "https://portal.example/";
const PORTAL = "https://portal.example";

/** A clock the test moves forward, as days pass between heartbeats. */
function clock(iso = START) {
  let at = Date.parse(iso);
  return { now: () => new Date(at), advanceDays: (days: number) => (at += days * DAY_MS) };
}

describe("device API: activation, seats, heartbeats, deactivation", () => {
  const testbed = useDeviceTestbed(() => new Date(START));
  const { secrets, fingerprints } = testbed;

  const deps = (ip = "203.0.113.7") => ({
    hasher: secrets.hasher,
    signer: testbed.signer,
    issuer: ISSUER,
    portalUrl: PORTAL,
    mailer: devMailboxMailer,
    caller: { ip },
  });

  async function customer(fields: Partial<typeof t.licenses.$inferInsert> = {}) {
    const time = clock();
    const made = await makeLicenseWithKey(testbed.db, secrets, { now: time.now, ...fields });
    const api = apiCtx(testbed.db, time.now);
    const activate = (fingerprint: string, extra: { name?: string; ip?: string; nonce?: string } = {}) =>
      activateDevice(
        api,
        { key: made.key.plaintext, fingerprint, name: extra.name, nonce: extra.nonce },
        deps(extra.ip),
      );
    const heartbeat = (fingerprint: string) => renewDeviceLease(api, { key: made.key.plaintext, fingerprint }, deps());
    const release = (fingerprint: string, nonce?: string) =>
      deactivateDeviceFromClient(api, { key: made.key.plaintext, fingerprint, nonce }, deps());
    const devicesOf = () => testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, made.license.id));
    const actions = async () =>
      (
        await testbed.db
          .select({ action: t.auditEvents.action })
          .from(t.auditEvents)
          .where(eq(t.auditEvents.subjectId, made.license.id))
          .orderBy(t.auditEvents.id)
      ).map((event) => event.action);
    return { ...made, time, api, activate, heartbeat, release, devicesOf, actions };
  }

  it("activates a new device with a short-lived lease bound to its hashed fingerprint, and validation then accepts it", async () => {
    const { license, key, time, activate, devicesOf, actions } = await customer();
    const fingerprint = fingerprints.next();
    const answer = await activate(fingerprint, { name: "Design-Mac-07", nonce: "nonce-activate-1" });

    expect(answer).toMatchObject({
      isNew: true,
      device: { name: "Design-Mac-07", platform: "unknown", status: "active" },
    });
    const { payload, protectedHeader } = await jwtVerify(answer.lease.token, createLocalJWKSet(testbed.jwks), {
      audience: DEVICE_LEASE_AUDIENCE,
      currentDate: time.now(),
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      iss: ISSUER,
      sub: license.id,
      device: answer.device.id,
      fph: await fingerprintHash(license.id, fingerprint),
      grace_days: 7,
      nonce: "nonce-activate-1",
    });
    expect(payload.exp! - payload.iat!).toBe(24 * 3600);
    expect(answer.lease.graceEndsAt).toBe(new Date(payload.exp! * 1000 + 7 * DAY_MS).toISOString());

    const [device] = await devicesOf();
    expect(device).toMatchObject({
      activationMethod: "online",
      lastSeenAt: time.now(),
      fingerprintDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await actions()).toEqual(["license_key.issued", "device.activated"]);
    const validation = await validateLicenseKey(
      testbed.db,
      { key: key.plaintext, fingerprint },
      { hasher: secrets.hasher, now: time.now(), portalUrl: PORTAL },
    );
    expect(validation.code).toBe("VALID");
  });

  it("keeps one device and one seat when the same machine activates again, renewing its lease", async () => {
    const { activate, devicesOf, time } = await customer();
    const fingerprint = fingerprints.next();
    const first = await activate(fingerprint, { name: "Render-WS" });
    time.advanceDays(1);
    const second = await activate(fingerprint, { name: "renamed-by-the-client" });
    expect(second).toMatchObject({ isNew: false, device: { id: first.device.id, name: "Render-WS" } });
    expect(Date.parse(second.lease.expiresAt)).toBeGreaterThan(Date.parse(first.lease.expiresAt));
    expect(await devicesOf()).toHaveLength(1);
  });

  it("refuses a device when every seat is taken, saying where to free one; a node-locked license answers FINGERPRINT_MISMATCH", async () => {
    const full = await customer({ seats: 2 });
    await full.activate(fingerprints.next());
    await full.activate(fingerprints.next());
    const refusal = await full.activate(fingerprints.next()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DeviceRefused);
    expect(refusal).toMatchObject({ code: "TOO_MANY_DEVICES", status: 409, license: { id: full.license.id } });
    expect((refusal as DeviceRefused).userMessage).toContain(`${PORTAL}/licenses/${full.license.id}/devices`);
    expect(await full.devicesOf()).toHaveLength(2);

    const locked = await customer({ seats: 1 });
    await locked.activate(fingerprints.next());
    await expect(locked.activate(fingerprints.next())).rejects.toMatchObject({
      code: "FINGERPRINT_MISMATCH",
      status: 409,
    });
  });

  it("gives the last free seat to exactly one of 20 simultaneous activations", async () => {
    const { activate, devicesOf, license } = await customer({ seats: 3 });
    await activate(fingerprints.next());
    await activate(fingerprints.next());

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => activate(fingerprints.next(`racer-${i}`), { ip: `198.51.${i}.10` })),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    expect(refusals).toHaveLength(19);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: "TOO_MANY_DEVICES" });
    const active = (await devicesOf()).filter((device) => device.status === "active");
    expect(active).toHaveLength(3);
    // A key tried on 22 machines from 20 networks within minutes is what anomaly flags are for.
    const flags = await testbed.db
      .select()
      .from(t.deviceAnomalyFlags)
      .where(eq(t.deviceAnomalyFlags.licenseId, license.id));
    expect(flags.map((flag) => flag.kind).sort()).toEqual(["many_fingerprints", "many_networks"]);
  });

  it("refuses unknown keys, other products and licenses not in force with validation's codes, changing nothing", async () => {
    const { key, api, devicesOf } = await customer();
    const fingerprint = fingerprints.next();
    await expect(activateDevice(api, { key: "RK-0000-0000-0000-0000-0", fingerprint }, deps())).rejects.toMatchObject({
      code: "UNKNOWN_KEY",
      status: 404,
      license: null,
    });
    await expect(
      activateDevice(api, { key: key.plaintext, fingerprint, product: "someone-else" }, deps()),
    ).rejects.toMatchObject({ code: "PRODUCT_MISMATCH", status: 403 });
    const suspended = await customer({ status: "suspended" });
    await expect(suspended.activate(fingerprint)).rejects.toMatchObject({ code: "SUSPENDED", status: 403 });
    const expired = await customer({ expiresAt: new Date("2026-11-01T00:00:00Z") });
    await expect(expired.activate(fingerprint)).rejects.toMatchObject({ code: "EXPIRED" });
    expect(await devicesOf()).toHaveLength(0);
    expect(await suspended.devicesOf()).toHaveLength(0);
  });

  it("keeps bound devices leased through the expiry grace, as validation does, and refuses a new device with EXPIRED", async () => {
    const expiresAt = new Date(Date.parse(START) + 2 * DAY_MS);
    const { license, key, time, activate, heartbeat, devicesOf } = await customer({ expiresAt, seats: 3 });
    await testbed.db.insert(t.rotationPolicies).values({
      productId: license.productId,
      version: 1,
      allowedCadenceDays: [30],
      minOverlapMinutes: 0,
      maxOverlapMinutes: 60,
      minNoticeDays: 0,
      maxPostponeDays: 0,
      expiryGraceDays: 7,
    });
    const laptop = fingerprints.next();
    await activate(laptop);

    time.advanceDays(3);
    const validation = await validateLicenseKey(
      testbed.db,
      { key: key.plaintext, fingerprint: laptop },
      { hasher: secrets.hasher, now: time.now(), portalUrl: PORTAL },
    );
    expect(validation).toMatchObject({
      valid: true,
      code: "EXPIRED",
      graceEndsAt: new Date(expiresAt.getTime() + 7 * DAY_MS).toISOString(),
    });
    const renewed = await heartbeat(laptop);
    // A full lease (24 h), still inside the grace: a lease capped at the lapsed expiry would already be over.
    expect(renewed.lease.expiresAt).toBe(new Date(time.now().getTime() + DAY_MS).toISOString());
    expect(await activate(laptop)).toMatchObject({ isNew: false });

    const refusal = await activate(fingerprints.next()).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "EXPIRED", status: 403 });
    expect((refusal as DeviceRefused).userMessage).toContain(
      "Devices already activated keep working until 2026-12-02, but no new device can be activated",
    );
    expect(await devicesOf()).toHaveLength(1);

    time.advanceDays(5.5);
    const lastLease = await heartbeat(laptop);
    expect(lastLease.lease.expiresAt).toBe(validation.graceEndsAt);
    time.advanceDays(1);
    await expect(heartbeat(laptop)).rejects.toMatchObject({ code: "EXPIRED", status: 403 });
    await expect(activate(laptop)).rejects.toMatchObject({ code: "EXPIRED" });
  });

  it("renews the lease on a heartbeat and records when the device was last seen", async () => {
    const { activate, heartbeat, devicesOf, time } = await customer();
    const fingerprint = fingerprints.next();
    await activate(fingerprint);
    time.advanceDays(0.5);
    const renewed = await heartbeat(fingerprint);
    expect(renewed.lease.expiresAt).toBe(new Date(time.now().getTime() + DAY_MS).toISOString());
    expect((await devicesOf())[0]?.lastSeenAt).toEqual(time.now());
    await expect(heartbeat(fingerprints.next())).rejects.toMatchObject({ code: "NOT_ACTIVATED" });
  });

  it("frees the seat of a device that missed heartbeats past the policy, and lets it back when a seat is free", async () => {
    const { activate, heartbeat, release, devicesOf, time, actions } = await customer({
      seats: 1,
      deviceInactiveAfterDays: 7,
    });
    const laptop = fingerprints.next("laptop");
    const desktop = fingerprints.next("desktop");
    await activate(laptop);
    time.advanceDays(6);
    await expect(activate(desktop)).rejects.toMatchObject({ code: "FINGERPRINT_MISMATCH" });

    time.advanceDays(2);
    await activate(desktop);
    const statuses = Object.fromEntries(
      (await devicesOf()).map((device) => [
        device.lastSeenAt!.getTime() === time.now().getTime() ? "desktop" : "laptop",
        device.status,
      ]),
    );
    expect(statuses).toEqual({ laptop: "inactive", desktop: "active" });

    await expect(heartbeat(laptop)).rejects.toMatchObject({ code: "FINGERPRINT_MISMATCH" });
    await release(desktop);
    await expect(heartbeat(laptop)).resolves.toMatchObject({ device: { status: "active" } });
    expect(await actions()).toEqual([
      "license_key.issued",
      "device.activated",
      "device.inactive",
      "device.activated",
      "device.deactivated",
      "device.reactivated",
    ]);
  });

  it("keeps the seats of silent devices when the policy is to keep them", async () => {
    const { activate, time } = await customer({ seats: 1, deviceInactiveAfterDays: null });
    await activate(fingerprints.next());
    time.advanceDays(35);
    await expect(activate(fingerprints.next())).rejects.toMatchObject({ code: "FINGERPRINT_MISMATCH" });
  });

  it("lets the worker's sweep free seats past each license's policy, leaving offline devices and other policies alone", async () => {
    const strict = await customer({ deviceInactiveAfterDays: 3 });
    const lenient = await customer({ deviceInactiveAfterDays: 30 });
    await strict.activate(fingerprints.next());
    await lenient.activate(fingerprints.next());
    const [offline] = await testbed.db
      .insert(t.devices)
      .values({
        licenseId: strict.license.id,
        name: "Air-gapped",
        fingerprintDigest: "offline-digest",
        activationMethod: "offline",
        activatedAt: new Date(START),
      })
      .returning();

    const later = new Date(Date.parse(START) + 10 * DAY_MS);
    expect(await expireStaleDevices({ db: testbed.db, now: () => later, actor: systemActor })).toEqual({ expired: 1 });
    expect((await strict.devicesOf()).map((device) => [device.name, device.status]).sort()).toEqual([
      ["Air-gapped", "active"],
      ["Unnamed device", "inactive"],
    ]);
    expect((await lenient.devicesOf())[0]?.status).toBe("active");
    expect(offline?.status).toBe("active");
    expect(await expireStaleDevices({ db: testbed.db, now: () => later, actor: systemActor })).toEqual({ expired: 0 });
  });

  it("lets a device release its own seat with a signed receipt, idempotently, and publishes it in the revocation feed", async () => {
    const { license, activate, release, heartbeat, time, devicesOf } = await customer({ status: "active" });
    const fingerprint = fingerprints.next();
    const { device } = await activate(fingerprint);

    const released = await release(fingerprint, "nonce-release-1");
    expect(released.device).toMatchObject({ id: device.id, status: "deactivated" });
    const { payload } = await jwtVerify(released.receipt, createLocalJWKSet(testbed.jwks), {
      audience: DEACTIVATION_RECEIPT_AUDIENCE,
      currentDate: time.now(),
    });
    expect(payload).toMatchObject({
      sub: license.id,
      device: device.id,
      fph: await fingerprintHash(license.id, fingerprint),
      nonce: "nonce-release-1",
    });

    time.advanceDays(1);
    const again = await release(fingerprint);
    expect(again.device.status).toBe("deactivated");
    const { payload: second } = await jwtVerify(again.receipt, createLocalJWKSet(testbed.jwks), {
      audience: DEACTIVATION_RECEIPT_AUDIENCE,
      currentDate: time.now(),
    });
    expect(second.deactivated_at).toBe(payload.deactivated_at);
    const feed = await testbed.db
      .select()
      .from(t.revocations)
      .where(and(eq(t.revocations.licenseId, license.id), eq(t.revocations.kind, "device")));
    expect(feed.map((entry) => entry.subjectId)).toEqual([device.id]);

    await expect(heartbeat(fingerprint)).rejects.toMatchObject({ code: "NOT_ACTIVATED" });
    await activate(fingerprint);
    expect((await devicesOf()).map((row) => row.status)).toEqual(["active"]);
  });

  it("lets a device release its seat even while the license is suspended", async () => {
    const { license, activate, release } = await customer();
    const fingerprint = fingerprints.next();
    await activate(fingerprint);
    await testbed.db.update(t.licenses).set({ status: "suspended" }).where(eq(t.licenses.id, license.id));
    await expect(release(fingerprint)).resolves.toMatchObject({ device: { status: "deactivated" } });
  });

  it("flags a key activated from many networks once, refuses nothing, and emails the owners once", async () => {
    const { activate, license, org, user } = await customer({ seats: 2 });
    const fingerprint = fingerprints.next();
    for (let i = 0; i < 8; i += 1) await activate(fingerprint, { ip: `192.0.${i}.20` });

    const flags = await testbed.db
      .select()
      .from(t.deviceAnomalyFlags)
      .where(eq(t.deviceAnomalyFlags.licenseId, license.id));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: "many_networks", threshold: 5, observed: 8, resolvedAt: null });
    const notices = await testbed.db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.payload).toMatchObject({
      to: user.email,
      subject: expect.stringContaining("Unusual activation activity"),
    });
    expect(JSON.stringify(notices)).toContain(`/licenses/${license.id}/devices`);
  });

  it("sends no anomaly email when the customer turned notices off, but still flags", async () => {
    const { activate, license, org } = await customer({ seats: 1, deviceAnomalyNotice: false });
    for (let i = 0; i < 7; i += 1) await activate(fingerprints.next()).catch(() => undefined);
    expect(
      await testbed.db.select().from(t.deviceAnomalyFlags).where(eq(t.deviceAnomalyFlags.licenseId, license.id)),
    ).toHaveLength(1);
    expect(await testbed.db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id))).toHaveLength(0);
  });

  it("signs a refusal with the request's nonce, so a client can tell it from a forged one", async () => {
    const { activate } = await customer({ seats: 1 });
    await activate(fingerprints.next());
    const refusal = (await activate(fingerprints.next()).catch((error: unknown) => error)) as DeviceRefused;
    const token = await signDeviceRefusal(
      { signer: testbed.signer, issuer: ISSUER, now: new Date(START) },
      refusal,
      "nonce-refused-1",
    );
    const { payload } = await jwtVerify(token, createLocalJWKSet(testbed.jwks), {
      audience: DEVICE_REFUSAL_AUDIENCE,
      currentDate: new Date(START),
    });
    expect(payload).toMatchObject({
      code: "FINGERPRINT_MISMATCH",
      nonce: "nonce-refused-1",
      detail: refusal.userMessage,
    });
  });

  it("leaves no raw fingerprint anywhere in the database", async () => {
    const everything = await dumpDatabase(testbed.db);
    expect(everything).toContain("device.activated");
    expect(fingerprints.issued.length).toBeGreaterThan(40);
    for (const fingerprint of fingerprints.issued) expect(everything).not.toContain(fingerprint);
  });
});
