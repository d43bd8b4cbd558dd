import { describe, expect, it } from "vitest";
import { activateDevice } from "@/lib/devices";
import { NotFound } from "@/lib/errors";
import { OWNER_ONLY_KEY_ACTIONS_RULE } from "@/lib/rotation";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeRotatingLicense, makeUser, orgCtx, staffCtx } from "@/testing/factories";
import { getLicense, loadLicenseView, loadStaffLicenseView, previewLicenseRevocation } from "./index";

const noSecondFactor = { isEnrolled: false, isVerified: false };

describe("the license pages' views (what each page shows and offers, decided in lib)", () => {
  const now = () => new Date("2026-11-23T12:00:00Z");
  const testbed = useDeviceTestbed(now);

  async function licenseWithOneDevice() {
    const made = await makeRotatingLicense(testbed.db, testbed.secrets, { now });
    await activateDevice(
      apiCtx(testbed.db, now),
      { key: made.key.plaintext, fingerprint: testbed.fingerprints.next(), name: "build-01" },
      testbed.deviceDeps(),
    );
    return made;
  }

  it("offers an owner who just signed in the rotation controls and the key, and counts the seated devices", async () => {
    const { license, ctx } = await licenseWithOneDevice();
    const view = await loadLicenseView(ctx, await getLicense(ctx, license.id), {
      session: { signedInAt: now(), secondFactor: noSecondFactor },
    });
    expect(view.activeDevices).toBe(1);
    expect(view.devices.map((device) => device.name)).toEqual(["build-01"]);
    expect(view.keyBlock).toBeNull();
    expect(view.standing).toBeNull();
    expect(view.activeKey).not.toBeNull();
    expect(view.actions.has("revoke")).toBe(true);
    expect(view.rotationControls).toEqual({
      rotate: true,
      postpone: true,
      settingsRefusal: null,
      stopKeyRefusal: null,
    });
    // Built from what the view loaded anyway, it says what the stand-alone preview's own reads say.
    const { keys, ...preview } = await previewLicenseRevocation(ctx, license.id);
    expect({ ...view.revocation, keys: undefined }).toEqual({ ...preview, keys: undefined });
    expect(view.revocation.keys).toHaveLength(keys.length);
    expect(view.revocation.keys).toEqual(expect.arrayContaining(keys));
    expect(view.revocation.activeDevices).toBe(1);
  });

  it("tells a member who may change what, and asks a stale session to sign in again before any key material", async () => {
    const { license, org } = await licenseWithOneDevice();
    const member = await makeUser(testbed.db);
    const ctx = orgCtx(testbed.db, { orgId: org.id, user: member, role: "member", now });
    const view = await loadLicenseView(ctx, await getLicense(ctx, license.id), {
      session: { signedInAt: new Date(now().getTime() - 24 * 3_600_000), secondFactor: noSecondFactor },
    });
    expect(view.actions.has("revoke")).toBe(false);
    expect(view.rotationControls.settingsRefusal).toMatch(/owner/i);
    expect(view.rotationControls.stopKeyRefusal).toBe(OWNER_ONLY_KEY_ACTIONS_RULE);
    expect(view.keyBlock?.code).toBe("REAUTH_REQUIRED");
  });

  it("gives support the license with its devices, what each may do to them, and a 404 for a license that does not exist", async () => {
    const { license } = await licenseWithOneDevice();
    const support = staffCtx(testbed.db, await makeUser(testbed.db), "support", now);
    const view = await loadStaffLicenseView(support, license.id);
    expect(view.license.id).toBe(license.id);
    expect(view.activeDevices).toBe(1);
    expect(view.devices).toMatchObject([{ name: "build-01", mayDeactivate: true }]);
    expect(view.actions.has("reissueKey")).toBe(true);
    expect(view.adoption).toBeNull();
    await expect(loadStaffLicenseView(support, crypto.randomUUID())).rejects.toBeInstanceOf(NotFound);
  });
});
