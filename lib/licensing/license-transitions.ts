import { and, eq } from "drizzle-orm";
import { appendAuditEvent, reasonForCustomer } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import { assertTransition, type TransitionTable } from "@/lib/state-machine";
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
 * they are, and staff undo the revocation first. Pages ask this instead of comparing statuses.
 */
export function isRevokedOrRevoking(status: LicenseStatus): boolean {
  return status === "revoked" || status === "revoking";
}

/** The vendor webhook a transition raises: expiry and revocation are their own events, the rest an update of `status`. */
function vendorEventOf(to: LicenseStatus) {
  return to === "expired" ? "license.expired" : to === "revoked" ? "license.revoked" : "license.updated";
}

/** Audit actions read as what happened to the license, not only where it landed. */
export function licenseAuditAction(from: LicenseStatus, to: LicenseStatus): string {
  if (from === "revoking" && to !== "revoked") return "license.revocation_undone";
  if (to === "active") return from === "suspended" ? "license.resumed" : "license.reinstated";
  return `license.${to}`;
}

type LicenseStamp = Partial<Pick<typeof licenses.$inferInsert, "revokesAt" | "revocationReasonCode" | "revokedAt" | "expiresAt">>;

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
export async function transitionLicense(tx: Tx, ctx: Ctx, license: Pick<License, "id" | "orgId" | "status">, to: LicenseStatus, options: LicenseTransitionOptions): Promise<License> {
  assertTransition(licenseTransitions, license.status, to, "This license");
  const now = ctx.now();
  // Leaving `revoking` always clears the deadline (the table's check constraint insists) and the
  // code kept for the feed until then.
  const stamp: LicenseStamp = { ...(license.status === "revoking" ? { revokesAt: null, revocationReasonCode: null } : {}), ...options.stamp };
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
    data: { licenseId: license.id, from: license.status, to, reason: reasonForCustomer(ctx.actor, options), revokesAt: updated.revokesAt?.toISOString() ?? null },
    dedupeKey: `webhook:license.status_changed:${license.id}:${to}:${now.getTime()}`,
    now,
  });
  await recordLicenseEvent(tx, updated, vendorEventOf(to), { now, change: { status: { from: license.status, to } } });
  return updated;
}
