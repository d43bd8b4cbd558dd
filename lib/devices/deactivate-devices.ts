import { and, asc, eq, inArray } from "drizzle-orm";
import { orgScope, type OrgCtx, type StaffCtx } from "@/lib/context";
import { devices } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import { deviceMachine, transitionDevice } from "./device-transitions";
import { lockLicenseSeats } from "./seats";
import { canAct } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";

/**
 * The customer (or support, with a reason) frees seats, one device or a bulk selection: all or
 * nothing, each audited and published in the revocation feed. Devices already deactivated are
 * left as they are.
 */
export async function deactivateDevices(
  ctx: OrgCtx | StaffCtx,
  {
    licenseId,
    deviceIds,
    reason,
    reasonCategory,
    customerMessage,
  }: {
    licenseId: string;
    deviceIds: string[];
    reason?: string;
    reasonCategory?: StaffReasonCategory;
    customerMessage?: string;
  },
): Promise<{ deactivated: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, orgScope(ctx));
    const chosen = await tx
      .select()
      .from(devices)
      .where(and(eq(devices.licenseId, license.id), inArray(devices.id, deviceIds)))
      // The answer names them in this order ("Workstation-1 and Workstation-2"); without it the order was the table's.
      .orderBy(asc(devices.name));
    if (chosen.length !== new Set(deviceIds).size)
      throw new NotFound("A chosen device is no longer on this license. Refresh the page and try again.");
    const deactivated: string[] = [];
    for (const device of chosen.filter((row) => canAct(deviceMachine, "deactivate", row, viewerOf(ctx)))) {
      await transitionDevice(tx, ctx, device, "deactivated", {
        orgId: license.orgId,
        reason: reason ?? "deactivated in the portal",
        data: reasonCategory ? { reasonCategory, customerMessage } : undefined,
      });
      deactivated.push(device.name);
    }
    return { deactivated };
  });
}
