import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { PolicyViolation } from "@/lib/errors";
import { devMailboxMailer } from "@/lib/notify";
import { useDeviceTestbed } from "@/testing/device-testbed";
import {
  apiCtx,
  fixedNow,
  makeLicenseWithKey,
  makeUser,
  orgCtx,
  staffCtx,
  type LicenseFields,
} from "@/testing/factories";
import { hashActivationPin, isActivationPinCorrect } from "./activation-pin";
import { ActivationPinRefused, activateDevice, setActivationPin, staffSetActivationPin } from "./index";

const NOW = "2026-11-23T12:00:00Z";
const OFFICE = "198.51.100.20";
const OFFICE_NEIGHBOUR = "198.51.100.77";
const ELSEWHERE = "203.0.113.9";

describe("license PIN at device activation (enterprise layered verification)", () => {
  const testbed = useDeviceTestbed(fixedNow(NOW));
  const { secrets, fingerprints } = testbed;
  const now = fixedNow(NOW);

  async function customer(fields: LicenseFields = { editionCode: "enterprise", seats: 10 }) {
    const made = await makeLicenseWithKey(testbed.db, secrets, { now, ...fields });
    const activate = (fingerprint: string, { ip = OFFICE, pin }: { ip?: string; pin?: string } = {}) =>
      activateDevice(
        apiCtx(testbed.db, now),
        { key: made.key.plaintext, fingerprint, pin },
        {
          hasher: secrets.hasher,
          signer: testbed.signer,
          issuer: "https://portal.example/",
          portalUrl: "https://portal.example",
          mailer: devMailboxMailer,
          caller: { ip },
        },
      );
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error as ActivationPinRefused,
      );
    const devicesOf = () => testbed.db.select().from(t.devices).where(eq(t.devices.licenseId, made.license.id));
    return { ...made, activate, refusal, devicesOf };
  }

  it("hashes the PIN with a per-PIN salt and checks it without storing it", async () => {
    const first = await hashActivationPin("correct horse");
    const second = await hashActivationPin("correct horse");
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct horse");
    expect(await isActivationPinCorrect("correct horse", first)).toBe(true);
    expect(await isActivationPinCorrect("correct hors", first)).toBe(false);
    expect(await isActivationPinCorrect("correct horse", "bcrypt$whatever")).toBe(false);
  });

  it("activates a new device that brings the right PIN, and refuses a wrong one without taking a seat", async () => {
    const { ctx, license, activate, refusal, devicesOf } = await customer();
    await setActivationPin(ctx, { licenseId: license.id, pin: "4711-acme", mode: "every_new_device" });

    const wrong = await refusal(activate(fingerprints.next(), { pin: "0000" }));
    expect(wrong).toBeInstanceOf(ActivationPinRefused);
    expect(wrong).toMatchObject({ code: "PIN_INVALID", status: 403 });
    expect(await devicesOf()).toHaveLength(0);

    const missing = await refusal(activate(fingerprints.next()));
    expect(missing).toMatchObject({ code: "PIN_REQUIRED" });

    const granted = await activate(fingerprints.next(), { pin: "4711-acme" });
    expect(granted.isNew).toBe(true);
    expect(await devicesOf()).toHaveLength(1);

    const audit = await testbed.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, license.id));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["license.activation_pin_set", "device.activation_pin_refused", "device.activated"]),
    );
    expect(JSON.stringify(audit)).not.toContain("4711-acme");
    const [stored] = await testbed.db.select().from(t.licenses).where(eq(t.licenses.id, license.id));
    expect(stored!.activationPinHash).not.toContain("4711");
  });

  it("never asks a casual user: no PIN set, a known device coming back, or a new device on a known network in unusual-only mode", async () => {
    const casual = await customer({ seats: 5 });
    expect((await casual.activate(fingerprints.next(), { ip: ELSEWHERE })).isNew).toBe(true);

    const { ctx, license, activate } = await customer();
    const laptop = fingerprints.next();
    await activate(laptop, { ip: OFFICE });
    await setActivationPin(ctx, { licenseId: license.id, pin: "4711-acme", mode: "unusual_only" });

    expect((await activate(laptop, { ip: ELSEWHERE })).isNew).toBe(false);
    expect((await activate(fingerprints.next(), { ip: OFFICE_NEIGHBOUR })).isNew).toBe(true);
  });

  it("forces the PIN for a new device on a new network in unusual-only mode, and says why", async () => {
    const { ctx, license, activate, refusal } = await customer();
    await activate(fingerprints.next(), { ip: OFFICE });
    await setActivationPin(ctx, { licenseId: license.id, pin: "4711-acme", mode: "unusual_only" });

    const stranger = fingerprints.next();
    const asked = await refusal(activate(stranger, { ip: ELSEWHERE }));
    expect(asked).toMatchObject({ code: "PIN_REQUIRED", isUnusualActivation: true });
    expect(asked!.userMessage).toMatch(/network this license has not been used from/);

    expect((await activate(stranger, { ip: ELSEWHERE, pin: "4711-acme" })).isNew).toBe(true);
  });

  it("lets the owner clear the PIN, refuses a PIN on a non-enterprise license, and lets support clear it with a reason", async () => {
    const { ctx, license, activate } = await customer();
    await setActivationPin(ctx, { licenseId: license.id, pin: "4711-acme", mode: "every_new_device" });
    await setActivationPin(ctx, { licenseId: license.id, pin: null, mode: "every_new_device" });
    expect((await activate(fingerprints.next(), { ip: ELSEWHERE })).isNew).toBe(true);

    const standard = await customer({ editionCode: "standard" });
    await expect(
      setActivationPin(standard.ctx, { licenseId: standard.license.id, pin: "123456", mode: "every_new_device" }),
    ).rejects.toBeInstanceOf(PolicyViolation);

    const member = orgCtx(testbed.db, { orgId: ctx.orgId, user: await makeUser(testbed.db), role: "member", now });
    await expect(
      setActivationPin(member, { licenseId: license.id, pin: "123456", mode: "every_new_device" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    await setActivationPin(ctx, { licenseId: license.id, pin: "4711-acme", mode: "every_new_device" });
    const support = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }), "support", now);
    await staffSetActivationPin(support, {
      licenseId: license.id,
      pin: null,
      mode: "every_new_device",
      reason: "Owner lost the PIN, verified by phone",
      reasonCategory: "customer_request",
    });
    const staffEvent = (
      await testbed.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, license.id))
    ).find((event) => event.actorType === "staff");
    expect(staffEvent).toMatchObject({
      action: "license.activation_pin_cleared",
      reason: "Owner lost the PIN, verified by phone",
      data: { reasonCategory: "customer_request", mode: null },
    });
  });
});
