import type { OrgCtx } from "@/lib/context";
import { PolicyViolation } from "@/lib/errors";
import { claimSeat } from "./claim-seat";
import type { Device } from "./device-transitions";
import { findLicenseDevice, lockLicenseSeats, seatRefusalMessage } from "./seats";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { holdsSeat } from "./device-transitions";

/**
 * The customer brings a deactivated (or lapsed) device back, if a seat is free; otherwise the
 * answer names the devices that have gone longest without checking in, to free one of them.
 */
export async function reactivateDevice(
  ctx: OrgCtx,
  { licenseId, deviceId }: { licenseId: string; deviceId: string },
): Promise<Device> {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicenseSeats(tx, licenseId, ctx.orgId);
    assertAction(licenseMachine, "reactivateDevice", license, viewerOf(ctx));
    const device = await findLicenseDevice(tx, license.id, deviceId);
    if (holdsSeat(device)) return device;
    const claim = await claimSeat(tx, ctx, license, { device, reason: "reactivated in the portal" });
    if (!claim.isGranted) throw new PolicyViolation(seatRefusalMessage(license.seats, claim));
    return claim.device;
  });
}
