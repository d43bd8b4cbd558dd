import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { devMailboxMailer } from "@/lib/notify";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeLicenseWithKey, makeUser, orgCtx, staffCtx } from "@/testing/factories";
import {
  activateDevice,
  deactivateDevices,
  DeviceRefused,
  expireStaleDevices,
  getDeviceOverview,
  reactivateDevice,
  renewDeviceLease,
  waiveDeviceTransfers,
} from "./index";

const START = "2026-11-23T12:00:00Z";
const DAY_MS = 86_400_000;

describe("device transfer limits (issue 18)", () => {
  const testbed = useDeviceTestbed(() => new Date(START));
  const { secrets, fingerprints } = testbed;
  const deps = () => ({
    hasher: secrets.hasher,
    signer: testbed.signer,
    issuer: "https://portal.example/",
    portalUrl: "https://portal.example",
    mailer: devMailboxMailer,
    caller: { ip: "203.0.113.7" },
  });

  /** A license of `seats` seats whose edition allows `maxDeviceTransfers` moves per `periodDays`. */
  async function limitedCustomer({ seats = 1, maxDeviceTransfers = 1, periodDays = 30 } = {}) {
    let at = Date.parse(START);
    const now = () => new Date(at);
    const made = await makeLicenseWithKey(testbed.db, secrets, {
      now,
      seats,
      expiresAt: new Date("2028-01-01T00:00:00Z"),
    });
    await testbed.db
      .update(t.editions)
      .set({ maxDeviceTransfers, deviceTransferPeriodDays: periodDays })
      .where(eq(t.editions.id, made.license.editionId));
    const api = apiCtx(testbed.db, now);
    const owner = orgCtx(testbed.db, { orgId: made.org.id, user: made.user, now });
    const activate = (fingerprint: string) =>
      activateDevice(api, { key: made.key.plaintext, fingerprint, name: fingerprint.slice(0, 12) }, deps());
    const deactivate = async (deviceId: string) =>
      deactivateDevices(owner, { licenseId: made.license.id, deviceIds: [deviceId] });
    return { ...made, now, owner, activate, deactivate, advanceDays: (days: number) => (at += days * DAY_MS) };
  }

  it("lets each seat's first device in free and counts a later device taking a freed seat as a transfer", async () => {
    const { license, owner, activate, deactivate } = await limitedCustomer({ seats: 2, maxDeviceTransfers: 1 });
    const first = await activate(fingerprints.next());
    await activate(fingerprints.next());
    expect((await getDeviceOverview(owner, license.id)).transfers).toMatchObject({ limit: 1, used: 0, left: 1 });

    await deactivate(first.device.id);
    await activate(fingerprints.next());
    expect((await getDeviceOverview(owner, license.id)).transfers).toMatchObject({ limit: 1, used: 1, left: 0 });
  });

  it("refuses a move past the limit with TRANSFER_LIMIT_REACHED naming the limit and when the next move is possible, and takes no seat", async () => {
    const { license, activate, deactivate, advanceDays } = await limitedCustomer({ maxDeviceTransfers: 1 });
    const first = await activate(fingerprints.next());
    await deactivate(first.device.id);
    advanceDays(2);
    const second = await activate(fingerprints.next());
    await deactivate(second.device.id);

    const refusal = await activate(fingerprints.next()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DeviceRefused);
    const refused = refusal as DeviceRefused;
    expect(refused.code).toBe("TRANSFER_LIMIT_REACHED");
    expect(refused.status).toBe(409);
    // The move two days in leaves the 30-day window on day 32.
    const nextTransferAt = new Date(Date.parse(START) + 32 * DAY_MS).toISOString();
    expect(refused.extensions).toEqual({ transferLimit: { limit: 1, periodDays: 30, used: 1, nextTransferAt } });
    expect(refused.message).toContain("1 times in 30 days");
    expect(refused.message).toContain(nextTransferAt.slice(0, 10));
    const active = await testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, license.id));
    expect(active.filter((device) => device.status === "active")).toHaveLength(0);

    advanceDays(30);
    await expect(activate(fingerprints.next())).resolves.toMatchObject({ isNew: true });
  });

  it("lets exactly one of several devices racing for two freed seats move when one transfer is left", async () => {
    const { license, activate, deactivate } = await limitedCustomer({ seats: 3, maxDeviceTransfers: 1 });
    const bound = [];
    for (let seat = 0; seat < 3; seat++) bound.push(await activate(fingerprints.next()));
    await deactivate(bound[0]!.device.id);
    await deactivate(bound[1]!.device.id);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => activate(fingerprints.next())));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const refusals = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(refusals.map((refusal) => (refusal as DeviceRefused).code)).toEqual(Array(3).fill("TRANSFER_LIMIT_REACHED"));
    const transfers = await testbed.db
      .select()
      .from(t.deviceTransfers)
      .where(eq(t.deviceTransfers.licenseId, license.id));
    expect(transfers).toHaveLength(1);
  });

  it("counts the customer reactivating a deactivated device in the portal, and refuses it past the limit in words", async () => {
    const { license, owner, activate, deactivate } = await limitedCustomer({ maxDeviceTransfers: 0 });
    const first = await activate(fingerprints.next());
    await deactivate(first.device.id);
    await expect(reactivateDevice(owner, { licenseId: license.id, deviceId: first.device.id })).rejects.toThrow(
      /may move to another device 0 times in 30 days.*allows no moves; support can grant an exception/,
    );
  });

  it("does not count a device that only lapsed after missed heartbeats coming back", async () => {
    const { license, key, activate, advanceDays, now } = await limitedCustomer({ maxDeviceTransfers: 0 });
    const fingerprint = fingerprints.next();
    await activate(fingerprint);
    advanceDays(40);
    await expireStaleDevices({ db: testbed.db, now, actor: { type: "system", label: "test" } });
    const [lapsed] = await testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, license.id));
    expect(lapsed?.status).toBe("inactive");
    await expect(
      renewDeviceLease(apiCtx(testbed.db, now), { key: key.plaintext, fingerprint }, deps()),
    ).resolves.toMatchObject({ device: { status: "active" } });
  });

  it("lets support waive the counted transfers with a reason, audited, which gives the full allowance back", async () => {
    const { license, owner, now, activate, deactivate } = await limitedCustomer({ maxDeviceTransfers: 1 });
    const first = await activate(fingerprints.next());
    await deactivate(first.device.id);
    const second = await activate(fingerprints.next());
    await deactivate(second.device.id);
    await expect(activate(fingerprints.next())).rejects.toMatchObject({ code: "TRANSFER_LIMIT_REACHED" });

    const support = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }), "support", now);
    expect(
      await waiveDeviceTransfers(support, {
        licenseId: license.id,
        reason: "Customer replaced a broken laptop twice",
        reasonCategory: "customer_request",
      }),
    ).toEqual({ waived: 1 });
    expect((await getDeviceOverview(owner, license.id)).transfers).toMatchObject({ used: 0, left: 1 });
    await expect(activate(fingerprints.next())).resolves.toMatchObject({ isNew: true });

    const [audit] = await testbed.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "device.transfers_waived"));
    expect(audit).toMatchObject({ subjectId: license.id, reason: "Customer replaced a broken laptop twice" });
  });

  it("shows no allowance and counts nothing when the edition sets no limit", async () => {
    const { license, owner, activate, deactivate } = await limitedCustomer();
    await testbed.db.update(t.editions).set({ maxDeviceTransfers: null }).where(eq(t.editions.id, license.editionId));
    for (let move = 0; move < 3; move++) {
      const device = await activate(fingerprints.next());
      await deactivate(device.device.id);
    }
    expect((await getDeviceOverview(owner, license.id)).transfers).toBeNull();
    expect(
      await testbed.db.select().from(t.deviceTransfers).where(eq(t.deviceTransfers.licenseId, license.id)),
    ).toEqual([]);
  });
});
