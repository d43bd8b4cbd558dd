import { and, eq } from "drizzle-orm";
import { type AuditAction, appendAuditEvent, reasonForCustomer } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { Conflict, PolicyViolation } from "@/lib/errors";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import {
  assertTransition,
  defineMachine,
  isOwnerOrVendor,
  isVendorSide,
  type TransitionTable,
} from "@/lib/state-machine";
import { recordLicenseEvent } from "./record-license-event";
import type { StaffReasonCategory } from "@/lib/validations/staff";

export type LicenseStatus = (typeof licenses.status.enumValues)[number];
export type License = typeof licenses.$inferSelect;

/**
 * The license lifecycle (issue 10). A revocation first suspends: `revoking` is reversible (back to
 * the status it came from) until `revokesAt`, when the worker makes it `revoked`, which is final.
 * An emergency revocation goes to `revoked` at once. `expired` comes back to `active` when support
 * extends the expiry.
 */
export const licenseTransitions: TransitionTable<LicenseStatus> = {
  active: ["suspended", "revoking", "revoked", "expired"],
  suspended: ["active", "revoking", "revoked", "expired"],
  revoking: ["active", "suspended", "expired", "revoked"],
  expired: ["active", "revoking", "revoked"],
  revoked: [],
};

/**
 * A license revoked, or inside its revocation's undo window: its terms (expiry, edition) stay as
 * they are, and staff undo the revocation first.
 */
export function isRevokedOrRevoking(status: LicenseStatus): boolean {
  return status === "revoked" || status === "revoking";
}

/** The vendor webhook a transition raises: expiry and revocation are their own events, the rest an update of `status`. */
function vendorEventOf(to: LicenseStatus) {
  return to === "expired" ? "license.expired" : to === "revoked" ? "license.revoked" : "license.updated";
}

/** Keys validate, rotations run, devices bind, files are signed: everything works only here. */
export function isLive(license: Pick<License, "status">): boolean {
  return license.status === "active";
}

export function isRevoked(status: LicenseStatus): boolean {
  return status === "revoked";
}

export function isRevoking(status: LicenseStatus): boolean {
  return status === "revoking";
}

/** What clients are told is SUSPENDED: a suspension, or a revocation still inside its undo window (issue 10). */
export function answersSuspended(status: LicenseStatus): boolean {
  return clientStatusOf(status) === "suspended";
}

/** Stopped by the vendor, reversibly (support resumes it); a revocation in its undo window is not this. */
export function isSuspended(status: LicenseStatus): boolean {
  return status === "suspended";
}

export function isExpired(status: LicenseStatus): boolean {
  return status === "expired";
}

/**
 * What client software is told of a license's status: a revocation in its undo window answers
 * SUSPENDED (DESIGN.md §3), so a client never learns of a revocation that may still be undone.
 */
export function clientStatusOf(status: LicenseStatus): Exclude<LicenseStatus, "revoking"> {
  return status === "revoking" ? "suspended" : status;
}

const LIVE: LicenseStatus[] = ["active"];
const NOT_REVOKING: LicenseStatus[] = ["active", "suspended", "expired"];
const onlyLive = (sentence: (status: LicenseStatus) => string) => (status: LicenseStatus) =>
  new PolicyViolation(sentence(status));

/**
 * What may be done to a license, from which status, by whom (issue 23): the staff and customer
 * license pages render their buttons from `availableActions`, the use cases refuse through
 * `assertAction`, so "only an active license …" is written once, here.
 */
export const licenseMachine = defineMachine({
  transitions: licenseTransitions,
  stateOf: (license: Pick<License, "status">) => license.status,
  actions: {
    suspend: {
      from: LIVE,
      allowed: isVendorSide,
      refuse: (status) => new Conflict(`Only an active license can be suspended; this one is ${status}.`),
    },
    resume: {
      from: ["suspended"],
      allowed: isVendorSide,
      refuse: (status) =>
        new Conflict(
          isRevoking(status)
            ? "This license is being revoked: undo the revocation instead."
            : `Only a suspended license can be resumed; this one is ${status}.`,
        ),
    },
    /** With the undo window; an emergency revocation (`revokeNow`) also overrides one under way. */
    revoke: {
      from: NOT_REVOKING,
      allowed: isOwnerOrVendor,
      forbidden: "Only an owner of this organization can revoke a license.",
      refuse: (status) =>
        new Conflict(
          isRevoked(status)
            ? "This license is already revoked."
            : "This license is already being revoked; it becomes permanent when the undo window closes.",
        ),
    },
    revokeNow: {
      from: [...NOT_REVOKING, "revoking"],
      allowed: isVendorSide,
      forbidden: "Only support can revoke a license without the undo window.",
      refuse: () => new Conflict("This license is already revoked."),
    },
    undoRevocation: {
      from: ["revoking"],
      allowed: isOwnerOrVendor,
      forbidden: "Only an owner of this organization can undo a revocation.",
      refuse: (status) =>
        new Conflict(
          isRevoked(status)
            ? "The undo window has closed: this revocation is permanent."
            : "This license is not being revoked.",
        ),
    },
    extendExpiry: {
      from: NOT_REVOKING,
      allowed: isVendorSide,
      refuse: (status) => new Conflict(`A ${status} license cannot be extended.`),
    },
    /**
     * Staff end the current term today (issue 18: a chargeback, a mistaken renewal); the edition's
     * expiry strategy then applies. A license already expired, or being revoked, has no term to end.
     */
    endTerm: {
      from: ["active", "suspended"],
      allowed: isVendorSide,
      refuse: (status) => new Conflict(`A ${status} license has no running term to end.`),
    },
    changeEdition: {
      from: NOT_REVOKING,
      allowed: isVendorSide,
      refuse: (status) => new Conflict(`A ${status} license cannot change edition.`),
    },
    changeSeats: {
      from: [...NOT_REVOKING, "revoking"],
      allowed: isVendorSide,
      refuse: () => new Conflict("A revoked license keeps the seats it had."),
    },
    reissueKey: {
      from: LIVE,
      allowed: isVendorSide,
      refuse: onlyLive((status) => `Only an active license can rotate its key; this one is ${status}.`),
    },
    /** Cadence, window, notices, overlap: an owner's choice for the organisation (issue 16 item 5). */
    changeRotationSettings: {
      from: LIVE,
      allowed: isOwnerOrVendor,
      forbidden: "Only an owner of your organization can change when this key rotates; ask one (see Members).",
      refuse: onlyLive((status) => `Rotation settings apply to active licenses; this one is ${status}.`),
    },
    postponeRotation: {
      from: LIVE,
      refuse: onlyLive((status) => `Only an active license's rotation can be moved; this one is ${status}.`),
    },
    rotateKey: {
      from: LIVE,
      refuse: onlyLive((status) => `Only an active license can rotate its key; this one is ${status}.`),
    },
    replaceLeakedKey: {
      from: LIVE,
      refuse: onlyLive((status) => `Only an active license can get a new key; this one is ${status}.`),
    },
    convertTrial: {
      from: LIVE,
      allowed: isVendorSide,
      refuse: onlyLive((status) => `Only an active trial can be converted; this one is ${status}.`),
    },
    issueLicenseFile: {
      from: LIVE,
      refuse: onlyLive((status) => `A license file can only be issued for an active license; this one is ${status}.`),
    },
    activateDevice: {
      from: LIVE,
      refuse: onlyLive((status) => `Devices can only be activated on an active license; this one is ${status}.`),
    },
    reactivateDevice: {
      from: LIVE,
      refuse: onlyLive((status) => `Devices can only be reactivated on an active license; this one is ${status}.`),
    },
  },
});
export type LicenseAction = keyof typeof licenseMachine.actions;

/** Audit actions read as what happened to the license, not only where it landed. */
export function licenseAuditAction(from: LicenseStatus, to: LicenseStatus): AuditAction {
  if (from === "revoking" && to !== "revoked") return "license.revocation_undone";
  if (to === "active") return from === "suspended" ? "license.resumed" : "license.reinstated";
  return `license.${to}`;
}

type LicenseStamp = Partial<
  Pick<typeof licenses.$inferInsert, "revokesAt" | "revocationReasonCode" | "revokedAt" | "expiresAt" | "renewedAt">
>;

export interface LicenseTransitionOptions {
  reason: string;
  /** Staff writes only (lib/validations/staff.ts): lands in the audit event's data. */
  reasonCategory?: StaffReasonCategory;
  /** Staff writes only: what the customer reads instead of `reason`, the internal note. */
  customerMessage?: string;
  stamp?: LicenseStamp;
  data?: Record<string, unknown>;
}

/**
 * The only place a license changes status: guarded `WHERE status = from` update, the audit event,
 * the customer's `license.status_changed` webhook and the vendor's webhook, all in the caller's
 * transaction.
 */
export async function transitionLicense(
  tx: Tx,
  ctx: Ctx,
  license: Pick<License, "id" | "orgId" | "status">,
  to: LicenseStatus,
  options: LicenseTransitionOptions,
): Promise<License> {
  assertTransition(licenseTransitions, license.status, to, "This license");
  const now = ctx.now();
  // Leaving `revoking` always clears the deadline (the table's check constraint insists) and the
  // code kept for the feed until then.
  const stamp: LicenseStamp = {
    ...(license.status === "revoking" ? { revokesAt: null, revocationReasonCode: null } : {}),
    ...options.stamp,
  };
  const [updated] = await tx
    .update(licenses)
    .set({ status: to, updatedAt: now, ...stamp })
    .where(and(eq(licenses.id, license.id), eq(licenses.status, license.status)))
    .returning();
  if (!updated) throw new Conflict("This license changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: license.orgId,
    action: licenseAuditAction(license.status, to),
    subjectType: "license",
    subjectId: license.id,
    reason: options.reason,
    data: {
      from: license.status,
      to,
      ...(options.reasonCategory ? { reasonCategory: options.reasonCategory } : {}),
      ...(options.customerMessage ? { customerMessage: options.customerMessage } : {}),
      ...stamp,
      ...options.data,
    },
  });
  await enqueueWebhookEvent(tx, {
    orgId: license.orgId,
    type: "license.status_changed",
    data: {
      licenseId: license.id,
      from: license.status,
      to,
      reason: reasonForCustomer(ctx.actor, options),
      revokesAt: updated.revokesAt?.toISOString() ?? null,
    },
    dedupeKey: `webhook:license.status_changed:${license.id}:${to}:${now.getTime()}`,
    now,
  });
  await recordLicenseEvent(tx, updated, vendorEventOf(to), { now, change: { status: { from: license.status, to } } });
  return updated;
}
