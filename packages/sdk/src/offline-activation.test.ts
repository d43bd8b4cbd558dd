import { describe, expect, it } from "vitest";
import {
  fixedNow,
  makeJwks,
  makeLicenseClaims,
  makeSigningKey,
  PORTAL_URL,
  signLicenseFile,
  toSeconds,
} from "../testing/factories.ts";
import {
  DEACTIVATION_RECEIPT_AUDIENCE,
  offlineFingerprintSalt,
  type OfflineActivationRequest,
} from "./device-protocol.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import {
  createOfflineActivationRequest,
  createOfflineDeactivationRequest,
  offlineRequestFile,
  verifyDeactivationReceipt,
  verifyOfflineActivation,
} from "./offline-activation.ts";

const now = fixedNow("2026-03-01T12:00:00Z");
const LICENSE_KEY = "RK-7F3Q-K9M2-XW4D-8HNB-T";
const FINGERPRINT = "air-gapped-machine-0001";
const DEVICE_ID = "0b0f4a57-8a43-4a36-8d53-8f0d2b8a9c21";

/** The license file the portal signs for an offline activation request. */
async function portalAnswer(key: Awaited<ReturnType<typeof makeSigningKey>>, request: OfflineActivationRequest) {
  return signLicenseFile(
    key,
    makeLicenseClaims({
      fph: request.fingerprintHash,
      fph_salt: offlineFingerprintSalt(request.product),
      device: DEVICE_ID,
      nonce: request.nonce,
    }),
  );
}

describe("offline activation files", () => {
  it("refuses to make a request from something that is not a license key", async () => {
    await expect(
      createOfflineActivationRequest({ key: "not-a-key", fingerprint: FINGERPRINT, product: "studio", now }),
    ).rejects.toThrow(RangeError);
  });

  it("makes a request that names the license and the machine without revealing either the key or the fingerprint", async () => {
    const request = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      name: "Lab-PC",
      now,
    });
    const again = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      now,
    });
    const otherProduct = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "atlas",
      now,
    });

    expect(request).toMatchObject({
      format: "rekey.offline-activation-request",
      version: 1,
      product: "studio",
      keyPrefix: "RK-7F3Q",
      name: "Lab-PC",
      createdAt: "2026-03-01T12:00:00.000Z",
    });
    expect(request.fingerprintHash).toBe(await fingerprintHash("product:studio", FINGERPRINT));
    expect(again.fingerprintHash).toBe(request.fingerprintHash);
    expect(again.nonce).not.toBe(request.nonce);
    expect(otherProduct.fingerprintHash).not.toBe(request.fingerprintHash);
    const file = offlineRequestFile(request);
    expect(JSON.parse(file)).toEqual(request);
    expect(file).not.toContain(FINGERPRINT);
    expect(file).not.toContain("K9M2");
  });

  it("accepts the portal's file for this request on this machine only", async () => {
    const key = await makeSigningKey();
    const request = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      now,
    });
    const file = await portalAnswer(key, request);
    const jwks = makeJwks(key);

    expect(await verifyOfflineActivation(file, jwks, { request, fingerprint: FINGERPRINT, now })).toMatchObject({
      valid: true,
      code: "VALID",
      claims: { device: DEVICE_ID },
    });
    expect(
      await verifyOfflineActivation(file, jwks, { request, fingerprint: "another-machine-0002", now }),
    ).toMatchObject({ valid: false, code: "FINGERPRINT_MISMATCH" });
    const newerRequest = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      now,
    });
    expect(
      await verifyOfflineActivation(file, jwks, { request: newerRequest, fingerprint: FINGERPRINT, now }),
    ).toMatchObject({ valid: false, code: "REQUEST_MISMATCH" });
  });

  it("makes a deactivation request only from this machine's offline file, and checks the receipt against it", async () => {
    const key = await makeSigningKey();
    const jwks = makeJwks(key);
    const activation = await createOfflineActivationRequest({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      now,
    });
    const file = await portalAnswer(key, activation);

    expect(
      await createOfflineDeactivationRequest(await signLicenseFile(key, makeLicenseClaims()), jwks, {
        fingerprint: FINGERPRINT,
        now,
      }),
    ).toMatchObject({ ok: false });
    expect(
      await createOfflineDeactivationRequest(file, jwks, { fingerprint: "another-machine-0002", now }),
    ).toMatchObject({ ok: false });
    const made = await createOfflineDeactivationRequest(file, jwks, { fingerprint: FINGERPRINT, now });
    if (!made.ok) throw new Error(made.detail);
    expect(made.request).toMatchObject({
      format: "rekey.offline-deactivation-request",
      device: DEVICE_ID,
      fingerprintHash: activation.fingerprintHash,
    });

    const receiptClaims = {
      iss: PORTAL_URL,
      aud: DEACTIVATION_RECEIPT_AUDIENCE,
      sub: made.request.license,
      device: DEVICE_ID,
      fph: made.request.fingerprintHash,
      deactivated_at: toSeconds("2026-03-01T12:00:00Z"),
      iat: toSeconds("2026-03-01T12:00:00Z"),
    };
    const receipt = await signLicenseFile(key, { ...receiptClaims, nonce: made.request.nonce });
    expect(await verifyDeactivationReceipt(receipt, jwks, { request: made.request, now })).toEqual({
      valid: true,
      deviceId: DEVICE_ID,
      deactivatedAt: now(),
    });
    const replayed = await signLicenseFile(key, { ...receiptClaims, nonce: "an-older-request-nonce" });
    expect(await verifyDeactivationReceipt(replayed, jwks, { request: made.request, now })).toMatchObject({
      valid: false,
    });
    const forged = await signLicenseFile(await makeSigningKey(), { ...receiptClaims, nonce: made.request.nonce });
    expect(await verifyDeactivationReceipt(forged, jwks, { request: made.request, now })).toMatchObject({
      valid: false,
    });
  });
});
