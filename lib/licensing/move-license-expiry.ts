import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import {
  isExpired,
  isRevoked,
  isRevokedOrRevoking,
  transitionLicense,
  type License,
  type LicenseTransitionOptions,
} from "./license-transitions";
import { replanAfterRenewal } from "@/lib/rotation/replan-after-renewal";
import { recordLicenseEvent } from "./record-license-event";

/**
 * Sets a locked license's expiry, inside the caller's transaction: an expired license whose new
 * expiry is still ahead comes back to active with its existing key; a revoked or revoking one keeps
 * its terms (undo the revocation first). Whether the date may be earlier is the caller's rule: staff
 * only extend, a cancelled subscription (lib/billing) ends the term at its paid period.
 */
export async function moveLicenseExpiry(
  tx: Tx,
  ctx: VendorCtx,
  license: License,
  expiresAt: Date,
  options: LicenseTransitionOptions & {
    /** What the audit calls a move earlier than the usual `license.expiry_shortened`. */
    auditAction?: "license.term_ended";
  },
): Promise<{ license: License; isReinstated: boolean }> {
  if (isRevokedOrRevoking(license.status))
    throw new Conflict(`A ${isRevoked(license.status) ? "revoked" : "revoking"} license cannot change its expiry.`);
  const now = ctx.now();
  // A term that now ends later is a renewal: the rotation plan moves with it (lib/rotation/contract-timing.ts).
  const isRenewal = license.expiresAt !== null && expiresAt > license.expiresAt;
  // The new term begins at the old expiry, or now for a license renewed after it ran out.
  const renewal = isRenewal
    ? { renewedAt: now, termStartsAt: new Date(Math.max(license.expiresAt!.getTime(), now.getTime())) }
    : {};
  if (isExpired(license.status) && expiresAt > now) {
    const reinstated = await transitionLicense(tx, ctx, license, "active", {
      ...options,
      stamp: { expiresAt, ...renewal },
    });
    await replanAfterRenewal(tx, ctx, { licenseId: license.id, orgId: license.orgId });
    return { license: reinstated, isReinstated: true };
  }
  const [updated] = await tx
    .update(licenses)
    .set({ expiresAt, updatedAt: now, ...renewal })
    .where(eq(licenses.id, license.id))
    .returning();
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: license.orgId,
    action:
      options.auditAction ??
      (license.expiresAt && expiresAt < license.expiresAt ? "license.expiry_shortened" : "license.expiry_extended"),
    subjectType: "license",
    subjectId: license.id,
    reason: options.reason,
    data: {
      from: license.expiresAt,
      to: expiresAt,
      ...(options.reasonCategory ? { reasonCategory: options.reasonCategory } : {}),
      ...(options.customerMessage ? { customerMessage: options.customerMessage } : {}),
      ...options.data,
    },
  });
  await recordLicenseEvent(tx, updated!, "license.updated", {
    now,
    change: { expiresAt: { from: license.expiresAt?.toISOString() ?? null, to: expiresAt.toISOString() } },
  });
  if (isRenewal) await replanAfterRenewal(tx, ctx, { licenseId: license.id, orgId: license.orgId });
  return { license: updated!, isReinstated: false };
}
