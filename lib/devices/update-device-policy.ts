import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { requireOwner } from "@/lib/orgs/require-owner";
import { expireLicenseStaleDevices } from "./expire-stale-devices";
import { lockLicenseSeats } from "./seats";

export interface DevicePolicyInput {
  licenseId: string;
  /** Days without a heartbeat before a device's seat is freed; null keeps seats until deactivated. */
  inactiveAfterDays: number | null;
  isAnomalyNoticeWanted: boolean;
}

/**
 * An owner chooses what happens to devices that stop checking in, and whether unusual activation
 * activity is emailed to them. A shorter limit applies at once: devices already past it free
 * their seats in the same transaction, and the answer says how many.
 */
export async function updateDevicePolicy(ctx: OrgCtx, input: DevicePolicyInput): Promise<{ freedSeats: number }> {
  requireOwner(ctx, "change the device policy");
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, input.licenseId, ctx.orgId);
    const [updated] = await tx
      .update(licenses)
      .set({
        deviceInactiveAfterDays: input.inactiveAfterDays,
        deviceAnomalyNotice: input.isAnomalyNoticeWanted,
        updatedAt: ctx.now(),
      })
      .where(eq(licenses.id, license.id))
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "device_policy.updated",
      subjectType: "license",
      subjectId: license.id,
      data: {
        from: { inactiveAfterDays: license.deviceInactiveAfterDays, anomalyNotice: license.deviceAnomalyNotice },
        to: { inactiveAfterDays: input.inactiveAfterDays, anomalyNotice: input.isAnomalyNoticeWanted },
      },
    });
    return { freedSeats: await expireLicenseStaleDevices(tx, ctx, updated!) };
  });
}
