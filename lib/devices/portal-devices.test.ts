import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Forbidden, InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import { devMailboxMailer } from "@/lib/notify";
import { dumpDatabase } from "@/testing/dump-database";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, fixedNow, keyMaterialPass, makeLicenseWithKey, makeUser, orgCtx, staffCtx } from "@/testing/factories";
import { offlineActivationSchema, offlineDeactivationSchema } from "@/lib/validations/devices";
import {
  createOfflineActivationRequest,
  createOfflineDeactivationRequest,
  offlineRequestFile,
  verifyDeactivationReceipt,
  verifyLicenseFile,
  verifyOfflineActivation,
} from "@/packages/sdk/src";
import {
  activateDevice,
  activateDeviceOffline,
  deactivateDeviceOffline,
  deactivateDevices,
  getDeviceOverview,
  listDeviceRows,
  listDevices,
  listOpenAnomalyFlags,
  reactivateDevice,
  renameDevice,
  resolveAnomalyFlag,
  toDeviceRows,
  updateDevicePolicy,
} from "./index";

const NOW = "2026-11-23T12:00:00Z";
const now = fixedNow(NOW);
const ISSUER = "https://portal.example/";

describe("devices in the portal: seats, deactivate and reactivate, rename, policy, offline activation", () => {
  const testbed = useDeviceTestbed(now);
  const { secrets, fingerprints } = testbed;

  const signing = () => ({ hasher: secrets.hasher, signer: testbed.signer, issuer: ISSUER });

  /** A customer whose software already activated `count` devices through the API. */
  async function customerWithDevices(count: number, fields: Partial<typeof t.licenses.$inferInsert> = {}) {
    const made = await makeLicenseWithKey(testbed.db, secrets, { now, ...fields });
    const activateFromSoftware = async (name: string, fingerprint = fingerprints.next()) => {
      const deps = {
        ...signing(),
        portalUrl: "https://portal.example",
        mailer: devMailboxMailer,
        caller: { ip: "203.0.113.9" },
      };
      return (await activateDevice(apiCtx(testbed.db, now), { key: made.key.plaintext, fingerprint, name }, deps))
        .device.id;
    };
    const deviceIds: string[] = [];
    for (let i = 0; i < count; i += 1) deviceIds.push(await activateFromSoftware(`Workstation-${i + 1}`));
    const auditActions = async () =>
      (
        await testbed.db
          .select()
          .from(t.auditEvents)
          .where(eq(t.auditEvents.subjectId, made.license.id))
          .orderBy(t.auditEvents.id)
      ).map((event) => event.action);
    return { ...made, deviceIds, activateFromSoftware, auditActions };
  }

  it("shows seats in use, the heartbeat policy and the devices, and hides another organisation's license", async () => {
    const { ctx, license } = await customerWithDevices(2);
    const overview = await getDeviceOverview(ctx, license.id);
    expect(overview).toMatchObject({
      seats: { total: 3, used: 2 },
      policy: { leaseMinutes: 1440, inactiveAfterDays: 30, isAnomalyNoticeWanted: true },
      isLicenseActive: true,
      openAnomalies: [],
    });
    expect(overview.devices.map((device) => device.name)).toEqual(["Workstation-1", "Workstation-2"]);
    expect(overview.devices[0]).not.toHaveProperty("fingerprintDigest");
    // The page renders its rows from the overview's devices instead of reading them a second time.
    expect(toDeviceRows(ctx, overview.devices)).toEqual(await listDeviceRows(ctx, license.id));

    const stranger = await customerWithDevices(0);
    await expect(getDeviceOverview(stranger.ctx, license.id)).rejects.toBeInstanceOf(NotFound);
    // A license row the caller loaded is checked on the row: another organization's is refused the same way.
    expect(await listDevices(ctx, license)).toEqual(await listDevices(ctx, license.id));
    await expect(listDevices(stranger.ctx, license)).rejects.toBeInstanceOf(NotFound);
    await expect(listDevices(stranger.ctx, license.id)).rejects.toBeInstanceOf(NotFound);
    await expect(deactivateDevices(stranger.ctx, { licenseId: license.id, deviceIds: [] })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it("deactivates a bulk selection, each audited and published, and frees the seats", async () => {
    const { ctx, license, deviceIds, auditActions } = await customerWithDevices(3);
    expect(await deactivateDevices(ctx, { licenseId: license.id, deviceIds: deviceIds.slice(0, 2) })).toEqual({
      deactivated: ["Workstation-1", "Workstation-2"],
    });
    expect((await getDeviceOverview(ctx, license.id)).seats.used).toBe(1);
    expect((await auditActions()).filter((action) => action === "device.deactivated")).toHaveLength(2);
    const feed = await testbed.db.select().from(t.revocations).where(eq(t.revocations.licenseId, license.id));
    expect(feed.map((entry) => entry.subjectId).sort()).toEqual(deviceIds.slice(0, 2).sort());
    expect(await deactivateDevices(ctx, { licenseId: license.id, deviceIds: deviceIds.slice(0, 2) })).toEqual({
      deactivated: [],
    });
  });

  it("deactivates nothing when the selection includes a device of another license", async () => {
    const { ctx, license, deviceIds } = await customerWithDevices(2);
    const other = await customerWithDevices(1);
    await expect(
      deactivateDevices(ctx, { licenseId: license.id, deviceIds: [deviceIds[0]!, other.deviceIds[0]!] }),
    ).rejects.toBeInstanceOf(NotFound);
    expect((await getDeviceOverview(ctx, license.id)).seats.used).toBe(2);
  });

  it("reactivates a device while a seat is free, and otherwise names the devices to free first", async () => {
    const { ctx, license, deviceIds, activateFromSoftware, auditActions } = await customerWithDevices(2, { seats: 2 });
    const [first, second] = deviceIds as [string, string];
    await deactivateDevices(ctx, { licenseId: license.id, deviceIds: [first] });
    await expect(reactivateDevice(ctx, { licenseId: license.id, deviceId: first })).resolves.toMatchObject({
      status: "active",
      deactivatedAt: null,
    });
    expect((await auditActions()).slice(-2)).toEqual(["device.deactivated", "device.reactivated"]);

    await deactivateDevices(ctx, { licenseId: license.id, deviceIds: [second] });
    await activateFromSoftware("Workstation-3");
    const refusal = await reactivateDevice(ctx, { licenseId: license.id, deviceId: second }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(PolicyViolation);
    expect((refusal as PolicyViolation).userMessage).toBe(
      "All 2 seats are in use. Deactivate a device you no longer use first; the longest unseen: Workstation-1 (last seen 2026-11-23), Workstation-3 (last seen 2026-11-23).",
    );
    expect((await getDeviceOverview(ctx, license.id)).devices.find((device) => device.id === second)?.status).toBe(
      "deactivated",
    );
  });

  it("reactivates only on an active license", async () => {
    const { ctx, license, deviceIds } = await customerWithDevices(1);
    await deactivateDevices(ctx, { licenseId: license.id, deviceIds });
    await testbed.db.update(t.licenses).set({ status: "suspended" }).where(eq(t.licenses.id, license.id));
    await expect(reactivateDevice(ctx, { licenseId: license.id, deviceId: deviceIds[0]! })).rejects.toBeInstanceOf(
      PolicyViolation,
    );
  });

  it("renames a device, audited with the old and new names", async () => {
    const { ctx, license, deviceIds } = await customerWithDevices(1);
    await renameDevice(ctx, { licenseId: license.id, deviceId: deviceIds[0]!, name: "Reception iMac" });
    const [event] = await testbed.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, "device.renamed"));
    expect(event?.data).toMatchObject({ deviceId: deviceIds[0], from: "Workstation-1", to: "Reception iMac" });
    expect((await getDeviceOverview(ctx, license.id)).devices[0]?.name).toBe("Reception iMac");
  });

  it("lets owners choose the heartbeat policy, freeing seats past a shorter limit at once; members may not", async () => {
    const { ctx, license, org } = await customerWithDevices(2);
    const twoWeeksAgo = new Date("2026-11-10T00:00:00Z");
    await testbed.db
      .update(t.devices)
      .set({ activatedAt: twoWeeksAgo, lastSeenAt: twoWeeksAgo })
      .where(eq(t.devices.licenseId, license.id));
    expect(
      await updateDevicePolicy(ctx, { licenseId: license.id, inactiveAfterDays: 7, isAnomalyNoticeWanted: false }),
    ).toEqual({ freedSeats: 2 });
    expect(await getDeviceOverview(ctx, license.id)).toMatchObject({
      seats: { used: 0 },
      policy: { inactiveAfterDays: 7, isAnomalyNoticeWanted: false },
    });
    await updateDevicePolicy(ctx, { licenseId: license.id, inactiveAfterDays: null, isAnomalyNoticeWanted: true });
    expect((await getDeviceOverview(ctx, license.id)).policy.inactiveAfterDays).toBeNull();

    const member = await makeUser(testbed.db);
    await testbed.db.insert(t.orgMembers).values({ orgId: org.id, userId: member.id, role: "member" });
    const memberCtx = orgCtx(testbed.db, { orgId: org.id, user: member, role: "member", now });
    await expect(
      updateDevicePolicy(memberCtx, { licenseId: license.id, inactiveAfterDays: 7, isAnomalyNoticeWanted: true }),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it("activates an air-gapped machine from its request file; the SDK accepts the file on that machine only", async () => {
    const { ctx, license, key, auditActions } = await customerWithDevices(0);
    const [product] = await testbed.db.select().from(t.products).where(eq(t.products.id, license.productId));
    const fingerprint = fingerprints.next("air-gapped");
    const request = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint,
      product: product!.code,
      name: "Lab-PC",
      platform: "Windows 11",
      now,
    });
    const file = offlineRequestFile(request);
    expect(file).not.toContain(fingerprint);
    expect(file).not.toContain(key.plaintext.slice(8));

    const parsed = offlineActivationSchema.parse({ licenseId: license.id, request: file });
    const { device, file: licenseFile } = await activateDeviceOffline(
      ctx,
      await keyMaterialPass(ctx, license.id),
      parsed,
      signing(),
    );
    expect(device).toMatchObject({
      name: "Lab-PC",
      platform: "Windows 11",
      activationMethod: "offline",
      status: "active",
    });
    expect(licenseFile.fileName).toMatch(new RegExp(`${device.id.slice(0, 8)}\\.lic$`));

    expect(await verifyOfflineActivation(licenseFile.token, testbed.jwks, { request, fingerprint, now })).toMatchObject(
      { valid: true, code: "VALID", claims: { sub: license.id, device: device.id } },
    );
    expect((await verifyLicenseFile(licenseFile.token, testbed.jwks, { fingerprint, now })).code).toBe("VALID");
    expect(
      (
        await verifyLicenseFile(licenseFile.token, testbed.jwks, {
          fingerprint: fingerprints.next("other-machine"),
          now,
        })
      ).code,
    ).toBe("FINGERPRINT_MISMATCH");
    const otherRequest = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint,
      product: product!.code,
      now,
    });
    expect(
      (await verifyOfflineActivation(licenseFile.token, testbed.jwks, { request: otherRequest, fingerprint, now }))
        .code,
    ).toBe("REQUEST_MISMATCH");

    const renewal = await activateDeviceOffline(
      ctx,
      await keyMaterialPass(ctx, license.id),
      offlineActivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(otherRequest) }),
      signing(),
    );
    expect(renewal.device.id).toBe(device.id);
    expect((await getDeviceOverview(ctx, license.id)).seats.used).toBe(1);
    expect(await auditActions()).toEqual([
      "license_key.issued",
      "device.activated",
      "license_file.downloaded",
      "license_file.downloaded",
    ]);
  });

  it("names what is wrong with a request file on its field, and changes nothing", async () => {
    const { ctx, license, key } = await customerWithDevices(0);
    expect(
      offlineActivationSchema.safeParse({ licenseId: license.id, request: "not json" }).error?.issues[0],
    ).toMatchObject({ path: ["request"], message: expect.stringContaining("not JSON") });
    expect(
      offlineActivationSchema.safeParse({
        licenseId: license.id,
        request: JSON.stringify({ format: "something-else" }),
      }).error?.issues[0]?.message,
    ).toContain("not the right kind of request file");

    const wrongProduct = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint: fingerprints.next(),
      product: "another-product",
      now,
    });
    const wrongProductError = await activateDeviceOffline(
      ctx,
      await keyMaterialPass(ctx, license.id),
      offlineActivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(wrongProduct) }),
      signing(),
    ).catch((error: unknown) => error);
    expect(wrongProductError).toBeInstanceOf(InvalidInput);
    expect((wrongProductError as InvalidInput).fieldErrors.request?.[0]).toContain('"another-product"');

    const [product] = await testbed.db.select().from(t.products).where(eq(t.products.id, license.productId));
    const foreignKey = await makeLicenseWithKey(testbed.db, secrets);
    const wrongKey = await createOfflineActivationRequest({
      key: foreignKey.key.plaintext,
      fingerprint: fingerprints.next(),
      product: product!.code,
      now,
    });
    await expect(
      activateDeviceOffline(
        ctx,
        await keyMaterialPass(ctx, license.id),
        offlineActivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(wrongKey) }),
        signing(),
      ),
    ).rejects.toMatchObject({
      fieldErrors: { request: [expect.stringContaining("not a current key of this license")] },
    });
    expect((await getDeviceOverview(ctx, license.id)).devices).toHaveLength(0);
  });

  it("deactivates an air-gapped machine from its deactivation request, with a signed receipt the SDK checks", async () => {
    const { ctx, license, key } = await customerWithDevices(0);
    const [product] = await testbed.db.select().from(t.products).where(eq(t.products.id, license.productId));
    const fingerprint = fingerprints.next("air-gapped");
    const activation = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint,
      product: product!.code,
      now,
    });
    const { device, file } = await activateDeviceOffline(
      ctx,
      await keyMaterialPass(ctx, license.id),
      offlineActivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(activation) }),
      signing(),
    );

    const impostor = await createOfflineDeactivationRequest(file.token, testbed.jwks, {
      fingerprint: fingerprints.next("impostor"),
      now,
    });
    expect(impostor).toMatchObject({ ok: false, detail: expect.stringContaining("another device") });

    const made = await createOfflineDeactivationRequest(file.token, testbed.jwks, { fingerprint, now });
    if (!made.ok) throw new Error(made.detail);
    const forged = {
      ...made.request,
      fingerprintHash: activation.fingerprintHash.replace(/^./, (c) => (c === "A" ? "B" : "A")),
    };
    await expect(
      deactivateDeviceOffline(
        ctx,
        offlineDeactivationSchema.parse({ licenseId: license.id, request: JSON.stringify(forged) }),
        signing(),
      ),
    ).rejects.toBeInstanceOf(InvalidInput);

    const { receipt } = await deactivateDeviceOffline(
      ctx,
      offlineDeactivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(made.request) }),
      signing(),
    );
    expect(await verifyDeactivationReceipt(receipt.token, testbed.jwks, { request: made.request, now })).toEqual({
      valid: true,
      deviceId: device.id,
      deactivatedAt: now(),
    });
    expect(
      (
        await verifyDeactivationReceipt(receipt.token, testbed.jwks, {
          request: { ...made.request, nonce: "another-request-nonce" },
          now,
        })
      ).valid,
    ).toBe(false);
    expect((await getDeviceOverview(ctx, license.id)).devices[0]?.status).toBe("deactivated");
  });

  it("shows anomaly flags to staff, who resolve each once, audited", async () => {
    const { license, key } = await customerWithDevices(0, { seats: 1 });
    for (let i = 0; i < 6; i += 1) {
      await activateDevice(
        apiCtx(testbed.db, now),
        { key: key.plaintext, fingerprint: fingerprints.next("shared-key") },
        { ...signing(), portalUrl: "https://portal.example", mailer: devMailboxMailer, caller: { ip: "203.0.113.50" } },
      ).catch(() => undefined);
    }
    const staff = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }));
    const flags = (await listOpenAnomalyFlags(staff)).filter((flag) => flag.licenseId === license.id);
    expect(flags).toMatchObject([{ kind: "many_fingerprints", observed: 6, threshold: 5 }]);

    await resolveAnomalyFlag(staff, {
      flagId: flags[0]!.id,
      reason: "Customer confirmed a lab roll-out.",
      reasonCategory: "customer_request",
    });
    await expect(
      resolveAnomalyFlag(staff, { flagId: flags[0]!.id, reason: "again, twice", reasonCategory: "other" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await listOpenAnomalyFlags(staff)).filter((flag) => flag.licenseId === license.id)).toEqual([]);
    const [event] = await testbed.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "device_anomaly.resolved"));
    expect(event).toMatchObject({
      subjectId: license.id,
      reason: "Customer confirmed a lab roll-out.",
      data: { reasonCategory: "customer_request" },
    });
  });

  it("leaves no raw fingerprint anywhere in the database", async () => {
    const everything = await dumpDatabase(testbed.db);
    expect(everything).toContain("device.activated");
    for (const fingerprint of fingerprints.issued) expect(everything).not.toContain(fingerprint);
  });
});
