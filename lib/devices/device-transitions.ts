import { and, eq, type SQL } from "drizzle-orm";
import { type AuditAction, appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { devices } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { recordRevocation } from "@/lib/licensing/record-revocation";
import { recordDeviceEvent } from "./record-device-event";
import { assertTransition, defineMachine, type TransitionTable } from "@/lib/state-machine";

export type DeviceStatus = (typeof devices.status.enumValues)[number];
export type Device = typeof devices.$inferSelect;

/**
 * active (holds a seat) → inactive (missed heartbeats past the license's policy: seat freed) or
 * deactivated (by the customer, or by the device itself). Both come back to active by
 * reactivation, which takes a free seat again (DESIGN.md §2).
 */
export const deviceTransitions: TransitionTable<DeviceStatus> = {
  active: ["inactive", "deactivated"],
  inactive: ["active", "deactivated"],
  deactivated: ["active"],
};

const SEAT_HOLDING_STATUS: DeviceStatus = "active";

/** A device that holds one of the license's seats now. */
export function holdsSeat(device: { status: DeviceStatus }): boolean {
  return device.status === SEAT_HOLDING_STATUS;
}

/** `holdsSeat` as a condition on the devices table, for queries that count or pick seated devices. */
export function holdsSeatSql(): SQL {
  return eq(devices.status, SEAT_HOLDING_STATUS);
}

/** Let go by the customer, support or the device itself: it holds no seat until reactivated. */
export function isDeactivated(device: { status: DeviceStatus }): boolean {
  return device.status === "deactivated";
}

/**
 * What may be done to a device from each status (issue 23): the devices pages render their
 * controls from `availableActions`, the use cases ask the same table. Taking a seat back also
 * needs a live license (licenseMachine's `reactivateDevice`).
 */
export const deviceMachine = defineMachine({
  transitions: deviceTransitions,
  stateOf: (device: { status: DeviceStatus }) => device.status,
  actions: {
    /** An inactive device holds no seat already: its one way forward is Reactivate (issue 16 item 4). */
    deactivate: {
      from: ["active"],
      refuse: (status) =>
        new Conflict(
          status === "inactive"
            ? "This device is inactive and holds no seat already."
            : "This device is deactivated already.",
        ),
    },
    reactivate: { from: ["inactive", "deactivated"], refuse: () => new Conflict("This device holds a seat already.") },
  },
});
export type DeviceAction = keyof typeof deviceMachine.actions;

/** Audit actions read as what happened to the device, not as the state it landed in. */
const AUDIT_ACTION: Record<DeviceStatus, AuditAction> = {
  active: "device.reactivated",
  inactive: "device.inactive",
  deactivated: "device.deactivated",
};

/**
 * The only place a device changes status: guarded `WHERE status = from` update, audit event and
 * vendor webhook in the same transaction. Device events are recorded against the license (subject), so they appear
 * in the license's activity beside its key events. A deactivation is also published in the
 * revocation feed, so offline clients holding a lease for that device can learn of it.
 */
export async function transitionDevice(
  tx: Tx,
  ctx: Ctx,
  device: Pick<Device, "id" | "status" | "licenseId" | "name">,
  to: DeviceStatus,
  { orgId, reason, data }: { orgId: string; reason?: string | null; data?: Record<string, unknown> },
): Promise<Device> {
  assertTransition(deviceTransitions, device.status, to, `Device ${device.name}`);
  const now = ctx.now();
  // A reactivated device has taken its seat anew: `activatedAt` restarts the heartbeat policy's
  // clock, while `lastSeenAt` stays what the device itself last reported.
  const stamp =
    to === "active"
      ? { deactivatedAt: null, inactiveAt: null, activatedAt: now }
      : to === "inactive"
        ? { inactiveAt: now }
        : { deactivatedAt: now };
  const [updated] = await tx
    .update(devices)
    .set({ status: to, ...stamp })
    .where(and(eq(devices.id, device.id), eq(devices.status, device.status)))
    .returning();
  if (!updated) throw new Conflict(`Device ${device.name} changed while we were working on it; refresh and try again.`);
  if (to === "deactivated") {
    // Support taking a seat away withdraws a privilege; the customer or the device letting it go
    // ends its use (RFC 5280 §5.3.1 privilegeWithdrawn, cessationOfOperation).
    const reasonCode = ctx.actor.type === "staff" ? "privilege_withdrawn" : "cessation_of_operation";
    await recordRevocation(tx, {
      kind: "device",
      subjectId: device.id,
      licenseId: device.licenseId,
      reasonCode,
      revokedAt: now,
    });
  }
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId,
    action: AUDIT_ACTION[to],
    subjectType: "license",
    subjectId: device.licenseId,
    reason,
    data: { deviceId: device.id, name: device.name, from: device.status, to, ...data },
  });
  await recordDeviceEvent(tx, updated, { orgId, now, isReactivated: to === "active" });
  return updated;
}
