import type { Executor } from "@/lib/db";
import { recordVendorEvent } from "@/lib/notify/vendor-webhooks";
import { holdsSeat, type Device } from "./device-transitions";

/**
 * The vendor webhook for a device taking or giving up a seat (issue 15): `device.activated` for a
 * new or reactivated device, `device.deactivated` for one deactivated or gone inactive (its seat
 * freed either way; `status` says which). Never the fingerprint, not even its digest.
 */
export function recordDeviceEvent(
  tx: Executor,
  device: Device,
  { orgId, now, isReactivated }: { orgId: string; now: Date; isReactivated: boolean },
) {
  return recordVendorEvent(tx, {
    type: holdsSeat(device) ? "device.activated" : "device.deactivated",
    now,
    data: {
      deviceId: device.id,
      licenseId: device.licenseId,
      customerId: orgId,
      name: device.name,
      platform: device.platform,
      status: device.status,
      activationMethod: device.activationMethod,
      ...(holdsSeat(device) ? { isReactivated } : {}),
    },
  });
}
