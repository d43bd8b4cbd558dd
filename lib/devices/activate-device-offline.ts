import { and, eq, inArray } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { licenseKeys, products } from "@/lib/db/schema";
import { PolicyViolation } from "@/lib/errors";
import { issueLicenseFile } from "@/lib/licensing/issue-license-file";
import { assertAdmitted, type KeyMaterialPass } from "@/lib/licensing/key-material-gate";
import type { OfflineActivationRequestInput } from "@/lib/validations/devices";
import { offlineFingerprintSalt } from "@rekey/sdk";
import { claimSeat } from "./claim-seat";
import type { Device } from "./device-transitions";
import { offlineFingerprintDigest } from "./fingerprint-digest";
import { requestProblem, type OfflineSigningDeps } from "./offline-request";
import { findDeviceByDigest, lockLicenseSeats, seatRefusalMessage } from "./seats";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { VALIDATING_KEY_STATES } from "@/lib/licensing/license-key-transitions";

/**
 * Offline activation for an air-gapped machine: the customer uploads the request file the SDK made
 * there (key prefix, hashed fingerprint, nonce) and gets a signed license file bound to that
 * machine. The device takes a seat like any other, but never turns inactive for missing
 * heartbeats it cannot send. Uploading a request from the same machine again (a renewal, a lost
 * file) finds the same device: the hash is salted per product, not per request. The answer is a
 * signed license file, so the caller needs the key-material gate's pass; the seat is claimed only
 * after it, so a refused person changes nothing.
 */
export async function activateDeviceOffline(
  ctx: OrgCtx,
  pass: KeyMaterialPass,
  { licenseId, request }: { licenseId: string; request: OfflineActivationRequestInput },
  { hasher, signer, issuer }: OfflineSigningDeps,
): Promise<{ device: Device; file: { token: string; fileName: string } }> {
  assertAdmitted(pass, ctx, licenseId);
  const fingerprintDigest = offlineFingerprintDigest(hasher, request.fingerprintHash);
  const { device, productCode } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, ctx.orgId);
    const [product] = await tx.select({ code: products.code }).from(products).where(eq(products.id, license.productId));
    if (request.product !== product!.code) {
      throw requestProblem(
        `This request is for the product "${request.product}", but this license is for "${product!.code}". Upload it on a license for ${request.product}.`,
      );
    }
    const currentKeys = await tx
      .select({ prefix: licenseKeys.prefix })
      .from(licenseKeys)
      .where(and(eq(licenseKeys.licenseId, license.id), inArray(licenseKeys.state, [...VALIDATING_KEY_STATES])));
    if (!currentKeys.some((key) => key.prefix === request.keyPrefix)) {
      throw requestProblem(
        `This request was made with a key starting ${request.keyPrefix}, which is not a current key of this license. Check you are on the right license, or enter the current key on that machine and make a new request.`,
      );
    }
    assertAction(licenseMachine, "activateDevice", license, viewerOf(ctx));
    const claim = await claimSeat(tx, ctx, license, {
      device: (await findDeviceByDigest(tx, license.id, fingerprintDigest)) ?? null,
      newDevice: {
        fingerprintDigest,
        name: request.name ?? "Offline device",
        platform: request.platform ?? "unknown",
        activationMethod: "offline",
      },
      reason: "activated offline from an uploaded request",
    });
    if (!claim.isGranted) throw new PolicyViolation(seatRefusalMessage(license.seats, claim));
    return { device: claim.device, productCode: product!.code };
  });
  const file = await issueLicenseFile(
    ctx,
    pass,
    {
      licenseId,
      offlineDevice: {
        deviceId: device.id,
        fingerprintHash: request.fingerprintHash,
        fingerprintSalt: offlineFingerprintSalt(productCode),
        nonce: request.nonce,
      },
    },
    { signer, issuer },
  );
  return {
    device,
    file: { token: file.token, fileName: file.fileName.replace(/\.lic$/, `-${device.id.slice(0, 8)}.lic`) },
  };
}
