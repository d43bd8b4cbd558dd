import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { ExpiryStrategy } from "@rekey/sdk";
import * as t from "@/lib/db/schema";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { recordUsage } from "@/lib/usage";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeLicenseWithKey } from "@/testing/factories";
import { activateDevice, renewDeviceLease } from "./index";

const START = "2026-11-23T12:00:00Z";
const DAY_MS = 86_400_000;
const PORTAL = "https://portal.example";

/**
 * Kept access after expiry (issue 18): heartbeats and usage records follow the edition's expiry
 * strategy exactly where validation does, so a client never hears "valid" from one call and
 * "expired" from the next. (Downloads: lib/releases/release-entitlement.test.ts.)
 */
describe("kept access after expiry reaches heartbeats and usage records", () => {
  const testbed = useDeviceTestbed(() => new Date(START));
  const { secrets, fingerprints } = testbed;
  const deps = () => ({
    hasher: secrets.hasher,
    signer: testbed.signer,
    issuer: `${PORTAL}/`,
    portalUrl: PORTAL,
    mailer: devMailboxMailer,
    caller: { ip: "203.0.113.7" },
  });

  /** A license expiring 10 days after START (no expiry grace), its edition metering `exports`, with one device active. */
  async function expiringCustomer(expiryStrategy: ExpiryStrategy) {
    let at = Date.parse(START);
    const now = () => new Date(at);
    const made = await makeLicenseWithKey(testbed.db, secrets, {
      now,
      expiresAt: new Date(Date.parse(START) + 10 * DAY_MS),
      deviceInactiveAfterDays: null,
    });
    await testbed.db.update(t.editions).set({ expiryStrategy }).where(eq(t.editions.id, made.license.editionId));
    await testbed.db
      .insert(t.editionUsageQuotas)
      .values({ editionId: made.license.editionId, meter: "exports", amount: 100, period: "month" });
    const api = apiCtx(testbed.db, now);
    const key = made.key.plaintext;
    const fingerprint = fingerprints.next();
    await activateDevice(api, { key, fingerprint }, deps());
    at += 11 * DAY_MS;
    return {
      fingerprint,
      validate: () =>
        validateLicenseKey(testbed.db, { key }, { hasher: secrets.hasher, now: now(), portalUrl: PORTAL }),
      heartbeat: (machine = fingerprint) => renewDeviceLease(api, { key, fingerprint: machine }, deps()),
      activate: () => activateDevice(api, { key, fingerprint: fingerprints.next() }, deps()),
      record: () =>
        recordUsage(
          api,
          { key, meter: "exports", quantity: 1, id: `kept-${Math.random().toString(36).slice(2)}` },
          { hasher: secrets.hasher, portalUrl: PORTAL },
        ),
    };
  }

  for (const strategy of ["maintain_access", "restrict"] as const) {
    it(`keeps renewing the devices already activated and counting usage under ${strategy}, as validation keeps access, but activates no new device`, async () => {
      const { validate, heartbeat, activate, record } = await expiringCustomer(strategy);
      expect(await validate()).toMatchObject({ valid: true, code: "EXPIRED", keptAccess: { strategy } });
      const lease = await heartbeat();
      expect(lease.device.status).toBe("active");
      expect(Date.parse(lease.lease.expiresAt)).toBeGreaterThan(Date.parse(START) + 11 * DAY_MS);
      await expect(record()).resolves.toMatchObject({ code: "VALID", usage: { used: 1 } });
      await expect(activate()).rejects.toMatchObject({ code: "EXPIRED" });
    });
  }

  it("refuses heartbeats and usage with EXPIRED under revoke_after_grace, as validation stops the license", async () => {
    const { validate, heartbeat, record } = await expiringCustomer("revoke_after_grace");
    expect(await validate()).toMatchObject({ valid: false, code: "EXPIRED" });
    await expect(heartbeat()).rejects.toMatchObject({ code: "EXPIRED" });
    await expect(record()).rejects.toMatchObject({ code: "EXPIRED" });
  });
});
