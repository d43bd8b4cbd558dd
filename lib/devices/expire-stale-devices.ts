import { and, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Actor, Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { devices, licenses } from "@/lib/db/schema";
import { transitionDevice, holdsSeatSql } from "./device-transitions";
import { lockLicenseSeats, type SeatLicense } from "./seats";

/** Marking a device inactive is the license's heartbeat policy acting, whoever's request ran it. */
export const HEARTBEAT_POLICY_ACTOR: Actor = { type: "system", label: "heartbeat-policy" };

/**
 * An online device holding a seat whose last heartbeat (or (re)activation) is older than the license's
 * `deviceInactiveAfterDays`. Offline devices cannot heartbeat and keep their seat until deactivated;
 * a license whose policy is "keep" (null) never frees a seat this way.
 */
function isPastHeartbeatPolicy(now: Date): SQL {
  return and(
    holdsSeatSql(),
    eq(devices.activationMethod, "online"),
    isNotNull(licenses.deviceInactiveAfterDays),
    // greatest() skips nulls: a device never seen counts from its (re)activation.
    sql`greatest(${devices.lastSeenAt}, ${devices.activatedAt}) < ${now.toISOString()}::timestamptz - ${licenses.deviceInactiveAfterDays} * interval '1 day'`,
  )!;
}

/** Frees the seats of this (locked) license's devices that missed heartbeats past its policy. */
export async function expireLicenseStaleDevices(tx: Tx, ctx: Ctx, license: SeatLicense): Promise<number> {
  const stale = await tx
    .select({ id: devices.id, status: devices.status, licenseId: devices.licenseId, name: devices.name })
    .from(devices)
    .innerJoin(licenses, eq(licenses.id, devices.licenseId))
    .where(and(eq(devices.licenseId, license.id), isPastHeartbeatPolicy(ctx.now())));
  const policyCtx = { ...ctx, actor: HEARTBEAT_POLICY_ACTOR };
  for (const device of stale) {
    await transitionDevice(tx, policyCtx, device, "inactive", {
      orgId: license.orgId,
      reason: `no heartbeat for ${license.deviceInactiveAfterDays} days`,
    });
  }
  return stale.length;
}

/**
 * The worker's sweep: every license with a device past its heartbeat policy, one transaction per
 * license behind the same row lock activations take, so a sweep and an activation never disagree
 * about a seat.
 */
export async function expireStaleDevices(
  ctx: Ctx,
  { limit = 100 }: { limit?: number } = {},
): Promise<{ expired: number }> {
  const candidates = await ctx.db
    .selectDistinct({ licenseId: devices.licenseId })
    .from(devices)
    .innerJoin(licenses, eq(licenses.id, devices.licenseId))
    .where(isPastHeartbeatPolicy(ctx.now()))
    .limit(limit);
  let expired = 0;
  for (const { licenseId } of candidates) {
    expired += await ctx.db.transaction(async (tx) =>
      expireLicenseStaleDevices(tx, ctx, await lockLicenseSeats(tx, licenseId)),
    );
  }
  return { expired };
}
