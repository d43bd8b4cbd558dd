import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { devices } from "@/lib/db/schema";
import { findLicenseDevice, lockLicenseSeats } from "./seats";

/** Renames a device for the customer's own bookkeeping; the device keeps its seat and identity. */
export async function renameDevice(
  ctx: OrgCtx,
  { licenseId, deviceId, name }: { licenseId: string; deviceId: string; name: string },
): Promise<{ name: string }> {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, ctx.orgId);
    const device = await findLicenseDevice(tx, license.id, deviceId);
    if (device.name === name) return { name };
    await tx.update(devices).set({ name }).where(eq(devices.id, device.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "device.renamed",
      subjectType: "license",
      subjectId: license.id,
      data: { deviceId: device.id, from: device.name, to: name },
    });
    return { name };
  });
}
