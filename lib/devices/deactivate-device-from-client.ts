import type { Ctx } from "@/lib/context";
import type { DeviceDeactivationResponse, DeviceRequest } from "@/lib/validations/api";
import { fingerprintHash } from "@rekey/sdk";
import { describeDevice, lockLicenseForClient, refuse, type DeviceApiDeps } from "./client-license";
import { isDeactivated, transitionDevice } from "./device-transitions";
import { signDeactivationReceipt } from "./device-tokens";
import { onlineFingerprintDigest } from "./fingerprint-digest";
import { findDeviceByDigest } from "./seats";

/**
 * The device releases its own seat (uninstall, "deactivate this computer"). Idempotent: asking
 * again after a lost answer returns the same receipt instead of an error. Allowed whatever the
 * license's standing, so even a suspended customer can move a seat.
 */
export async function deactivateDeviceFromClient(
  ctx: Ctx,
  input: DeviceRequest,
  deps: Omit<DeviceApiDeps, "mailer">,
): Promise<DeviceDeactivationResponse> {
  const now = ctx.now();
  const { client, device } = await ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, {
      hasher: deps.hasher,
      now,
      portalUrl: deps.portalUrl,
      isReleasing: true,
    });
    const device = await findDeviceByDigest(
      tx,
      client.license.id,
      onlineFingerprintDigest(deps.hasher, input.fingerprint),
    );
    if (!device) return { client, device: null };
    if (isDeactivated(device)) return { client, device };
    return {
      client,
      device: await transitionDevice(tx, ctx, device, "deactivated", {
        orgId: client.license.orgId,
        reason: "deactivated from the device",
      }),
    };
  });
  if (!device) throw refuse("NOT_ACTIVATED", client, deps.portalUrl);
  const receipt = await signDeactivationReceipt(
    { signer: deps.signer, issuer: deps.issuer, now },
    {
      license: client.license,
      deviceId: device.id,
      fingerprintHash: await fingerprintHash(client.license.id, input.fingerprint),
      deactivatedAt: device.deactivatedAt ?? now,
      nonce: input.nonce ?? null,
    },
  );
  return { device: describeDevice(device), receipt };
}
