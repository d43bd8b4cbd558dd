import type { OrgCtx } from "@/lib/context";
import { constantTimeEqual } from "@/lib/crypto";
import { NotFound } from "@/lib/errors";
import type { OfflineDeactivationRequestInput } from "@/lib/validations/devices";
import { type Device, isDeactivated, transitionDevice } from "./device-transitions";
import { signDeactivationReceipt } from "./device-tokens";
import { offlineFingerprintDigest } from "./fingerprint-digest";
import { requestProblem, type OfflineSigningDeps } from "./offline-request";
import { findLicenseDevice, lockLicenseSeats } from "./seats";

/**
 * Offline deactivation, the reverse of offline activation: the air-gapped machine deletes its
 * license file and makes a deactivation request naming its device and fingerprint hash; the
 * customer uploads it and gets a signed receipt. The hash must be the one the device was activated
 * with, so a request from one machine cannot release another's seat. Idempotent.
 */
export async function deactivateDeviceOffline(
  ctx: OrgCtx,
  { licenseId, request }: { licenseId: string; request: OfflineDeactivationRequestInput },
  { hasher, signer, issuer }: OfflineSigningDeps,
): Promise<{ device: Device; receipt: { token: string; fileName: string } }> {
  const { license, device } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, ctx.orgId);
    if (request.license !== license.id)
      throw requestProblem(
        "This request is for another license. Upload it on the devices page of the license it names.",
      );
    const device = await findLicenseDevice(tx, license.id, request.device).catch((error: unknown) => {
      throw error instanceof NotFound
        ? requestProblem("This request names a device this license does not have.")
        : error;
    });
    if (device.activationMethod !== "offline")
      throw requestProblem(
        `${device.name} was activated online: deactivate it from the software, or with its Deactivate button here.`,
      );
    if (!constantTimeEqual(device.fingerprintDigest, offlineFingerprintDigest(hasher, request.fingerprintHash))) {
      throw requestProblem(
        `This request does not come from ${device.name}: its fingerprint does not match. Make the request on that machine.`,
      );
    }
    if (isDeactivated(device)) return { license, device };
    return {
      license,
      device: await transitionDevice(tx, ctx, device, "deactivated", {
        orgId: ctx.orgId,
        reason: "deactivated offline with a request from the device",
      }),
    };
  });
  const token = await signDeactivationReceipt(
    { signer, issuer, now: ctx.now() },
    {
      license,
      deviceId: device.id,
      fingerprintHash: request.fingerprintHash,
      deactivatedAt: device.deactivatedAt ?? ctx.now(),
      nonce: request.nonce,
    },
  );
  return { device, receipt: { token, fileName: `deactivation-receipt-${device.id.slice(0, 8)}.jwt` } };
}
