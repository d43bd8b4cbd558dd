"use server";

import { revalidatePath } from "next/cache";
import { endLicenseTermAsStaff, extendLicenseAsStaff, revokeLicenseAsStaff } from "@/lib/approvals";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { deactivateDevices, waiveDeviceTransfers } from "@/lib/devices";
import {
  changeLicenseEdition,
  changeLicenseSeats,
  resumeLicense,
  suspendLicense,
  undoLicenseRevocation,
} from "@/lib/licensing";
import { reissueLicenseKey } from "@/lib/rotation";
import { changeLicenseEditionSchema } from "@/lib/validations/catalog";
import {
  changeSeatsSchema,
  extendExpirySchema,
  reissueKeySchema,
  staffDeactivateDeviceSchema,
  staffLicenseActionSchema,
  staffRevokeLicenseSchema,
} from "@/lib/validations/support";

const refresh = (licenseId: string) => revalidatePath(`/admin/licenses/${licenseId}`);

export const reissueKeyAction = staffAction(reissueKeySchema, async (ctx, input) => {
  const rotation = await reissueLicenseKey(ctx, input, {
    ...appServices().noticeDeps(),
    secrets: appServices().keySecrets(),
  });
  refresh(input.licenseId);
  return { oldKeyValidUntil: rotation.overlapEndsAt?.toISOString() ?? null };
});

export const suspendLicenseAction = staffAction(staffLicenseActionSchema, async (ctx, input) => {
  await suspendLicense(ctx, input, appServices().noticeDeps());
  refresh(input.licenseId);
  return { status: "suspended" };
});

export const resumeLicenseAction = staffAction(staffLicenseActionSchema, async (ctx, input) => {
  await resumeLicense(ctx, input, appServices().noticeDeps());
  refresh(input.licenseId);
  return { status: "active" };
});

const approvalDeps = () => ({
  ...appServices().noticeDeps(),
  approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
});

export const revokeLicenseAction = staffAction(staffRevokeLicenseSchema, async (ctx, input) => {
  const outcome = await revokeLicenseAsStaff(ctx, input, approvalDeps());
  refresh(input.licenseId);
  if (outcome.isAwaitingApproval) return { awaitingApproval: outcome.approvalId };
  return { status: outcome.result.status, revokesAt: outcome.result.revokesAt?.toISOString() ?? null };
});

export const undoRevocationAction = staffAction(staffLicenseActionSchema, async (ctx, input) => {
  const license = await undoLicenseRevocation(ctx, input, appServices().noticeDeps());
  refresh(input.licenseId);
  return { status: license.status };
});

export const extendExpiryAction = staffAction(extendExpirySchema, async (ctx, input) => {
  const outcome = await extendLicenseAsStaff(ctx, input, approvalDeps());
  refresh(input.licenseId);
  if (outcome.isAwaitingApproval) return { awaitingApproval: outcome.approvalId };
  return { expiresAt: outcome.result.expiresAt?.toISOString() ?? null };
});

export const endTermAction = staffAction(staffLicenseActionSchema, async (ctx, input) => {
  const outcome = await endLicenseTermAsStaff(ctx, input, approvalDeps());
  refresh(input.licenseId);
  if (outcome.isAwaitingApproval) return { awaitingApproval: outcome.approvalId };
  return { expiresAt: outcome.result.expiresAt?.toISOString() ?? null };
});

export const changeSeatsAction = staffAction(changeSeatsSchema, async (ctx, input) => {
  const license = await changeLicenseSeats(ctx, input, appServices().noticeDeps());
  refresh(input.licenseId);
  return { seats: license.seats };
});

export const deactivateDeviceAction = staffAction(staffDeactivateDeviceSchema, async (ctx, input) => {
  const { deviceId, ...rest } = input;
  const result = await deactivateDevices(ctx, { ...rest, deviceIds: [deviceId] });
  refresh(input.licenseId);
  return result;
});

export const changeEditionAction = staffAction(changeLicenseEditionSchema, async (ctx, input) => {
  const license = await changeLicenseEdition(ctx, input, appServices().noticeDeps());
  refresh(input.licenseId);
  return { editionId: license.editionId };
});

export const waiveDeviceTransfersAction = staffAction(staffLicenseActionSchema, async (ctx, input) => {
  const result = await waiveDeviceTransfers(ctx, input);
  refresh(input.licenseId);
  return result;
});
