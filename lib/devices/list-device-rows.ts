import { viewerOf } from "@/lib/auth/viewer";
import type { OrgCtx } from "@/lib/context";
import { availableActions } from "@/lib/state-machine";
import { deviceMachine } from "./device-transitions";
import { type DeviceSummary, listDevices } from "./list-devices";

/**
 * The devices page's rows (issue 16 item 11: the browser polls this for live heartbeat status): what
 * each device is, when it was last heard from, and what this viewer may do to it, from the machine.
 */
export async function listDeviceRows(ctx: OrgCtx, licenseId: string) {
  return toDeviceRows(ctx, await listDevices(ctx, licenseId));
}

/** The same rows for devices the caller has already read: the page renders its overview's list, not a second read. */
export function toDeviceRows(ctx: OrgCtx, devices: DeviceSummary[]) {
  const viewer = viewerOf(ctx);
  return devices.map((device) => ({
    id: device.id,
    name: device.name,
    platform: device.platform,
    clientVersion: device.clientVersion,
    status: device.status,
    activationMethod: device.activationMethod,
    activatedAt: device.activatedAt,
    lastSeenAt: device.lastSeenAt,
    actions: [...availableActions(deviceMachine, device, viewer)],
  }));
}
export type DeviceRowView = ReturnType<typeof toDeviceRows>[number];
