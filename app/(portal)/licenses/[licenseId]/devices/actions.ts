"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { appServices } from "@/lib/config/server";
import {
  activateDeviceOffline,
  deactivateDeviceOffline,
  deactivateDevices,
  listDeviceRows,
  reactivateDevice,
  renameDevice,
  updateDevicePolicy,
} from "@/lib/devices";
import {
  deactivateDevicesSchema,
  deviceActionSchema,
  deviceListSchema,
  devicePolicySchema,
  offlineActivationSchema,
  offlineDeactivationSchema,
  renameDeviceSchema,
} from "@/lib/validations/devices";

/** Seats show on the license page and the devices page alike. */
function revalidateLicense(licenseId: string) {
  revalidatePath(`/licenses/${licenseId}`);
  revalidatePath(`/licenses/${licenseId}/devices`);
}

const signing = async () => ({
  hasher: appServices().keySecrets().hasher,
  signer: await appServices().signing(),
  issuer: appServices().publicUrl("/"),
});

export const deactivateDevicesAction = orgAction(deactivateDevicesSchema, async (ctx, input) => {
  const result = await deactivateDevices(ctx, input);
  revalidateLicense(input.licenseId);
  return result;
});

export const reactivateDeviceAction = orgAction(deviceActionSchema, async (ctx, input) => {
  const device = await reactivateDevice(ctx, input);
  revalidateLicense(input.licenseId);
  return { name: device.name };
});

export const renameDeviceAction = orgAction(renameDeviceSchema, async (ctx, input) => {
  const renamed = await renameDevice(ctx, input);
  revalidateLicense(input.licenseId);
  return renamed;
});

export const updateDevicePolicyAction = orgAction(devicePolicySchema, async (ctx, input) => {
  const result = await updateDevicePolicy(ctx, {
    licenseId: input.licenseId,
    inactiveAfterDays: input.inactiveAfter === "keep" ? null : input.inactiveAfter,
    isAnomalyNoticeWanted: input.anomalyNotice,
  });
  revalidateLicense(input.licenseId);
  return result;
});

export const activateOfflineAction = orgAction(offlineActivationSchema, async (ctx, input) => {
  const pass = await requireKeyMaterialPass(ctx, input.licenseId);
  const { device, file } = await activateDeviceOffline(ctx, pass, input, await signing());
  revalidateLicense(input.licenseId);
  return { fileName: file.fileName, token: file.token, deviceName: device.name };
});

export const deactivateOfflineAction = orgAction(offlineDeactivationSchema, async (ctx, input) => {
  const { device, receipt } = await deactivateDeviceOffline(ctx, input, await signing());
  revalidateLicense(input.licenseId);
  return { fileName: receipt.fileName, token: receipt.token, deviceName: device.name };
});

/** The live device list the devices page polls (issue 16 item 11): read-only, scoped like the page. */
export const listDeviceRowsAction = orgAction(deviceListSchema, (ctx, input) => listDeviceRows(ctx, input.licenseId));
