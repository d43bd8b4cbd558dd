import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { type LicenseRef, type OrgCtx, orgLicenseId } from "@/lib/context";
import { deviceAnomalyFlags, devices, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { holdsSeat } from "./device-transitions";
import { isLive } from "@/lib/licensing/license-transitions";
import { findLicenseTransferAllowance } from "./transfer-policy";

/**
 * Devices bound to one of the caller's licenses: active first, then by name. Given the license row
 * the caller has already loaded, the organization is checked on it (orgLicenseId).
 */
export async function listDevices(ctx: Pick<OrgCtx, "db" | "orgId">, license: LicenseRef) {
  return selectDevices(ctx, await orgLicenseId(ctx, license));
}

/** The device rows of a license whose organization the caller has already checked. */
function selectDevices(ctx: Pick<OrgCtx, "db">, licenseId: string) {
  return ctx.db
    .select({
      id: devices.id,
      name: devices.name,
      platform: devices.platform,
      clientVersion: devices.clientVersion,
      status: devices.status,
      activationMethod: devices.activationMethod,
      activatedAt: devices.activatedAt,
      deactivatedAt: devices.deactivatedAt,
      inactiveAt: devices.inactiveAt,
      lastSeenAt: devices.lastSeenAt,
    })
    .from(devices)
    .where(eq(devices.licenseId, licenseId))
    .orderBy(sql`case ${devices.status} when 'active' then 0 when 'inactive' then 1 else 2 end`, asc(devices.name));
}

export type DeviceSummary = Awaited<ReturnType<typeof listDevices>>[number];

async function findOrgLicense(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string) {
  const [license] = await ctx.db
    .select({
      seats: licenses.seats,
      editionId: licenses.editionId,
      status: licenses.status,
      deviceLeaseMinutes: licenses.deviceLeaseMinutes,
      deviceInactiveAfterDays: licenses.deviceInactiveAfterDays,
      deviceAnomalyNotice: licenses.deviceAnomalyNotice,
    })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  return license;
}

/** Everything the devices page shows: seats, the heartbeat policy, transfers left, devices and open anomaly flags. */
export async function getDeviceOverview(ctx: OrgCtx, licenseId: string) {
  const license = await findOrgLicense(ctx, licenseId);
  const [deviceRows, openAnomalies, transfers] = await Promise.all([
    selectDevices(ctx, licenseId),
    ctx.db
      .select({
        id: deviceAnomalyFlags.id,
        kind: deviceAnomalyFlags.kind,
        observed: deviceAnomalyFlags.observed,
        windowMinutes: deviceAnomalyFlags.windowMinutes,
        raisedAt: deviceAnomalyFlags.raisedAt,
      })
      .from(deviceAnomalyFlags)
      .where(and(eq(deviceAnomalyFlags.licenseId, licenseId), isNull(deviceAnomalyFlags.resolvedAt)))
      .orderBy(asc(deviceAnomalyFlags.raisedAt)),
    findLicenseTransferAllowance(ctx.db, { licenseId, editionId: license.editionId, now: ctx.now() }),
  ]);
  return {
    seats: { total: license.seats, used: deviceRows.filter(holdsSeat).length },
    policy: {
      leaseMinutes: license.deviceLeaseMinutes,
      inactiveAfterDays: license.deviceInactiveAfterDays,
      isAnomalyNoticeWanted: license.deviceAnomalyNotice,
    },
    isLicenseActive: isLive(license),
    /** The edition's device transfer limit and what is left of it; null: seats move freely. */
    transfers,
    devices: deviceRows,
    openAnomalies,
  };
}

export type DeviceOverview = Awaited<ReturnType<typeof getDeviceOverview>>;
