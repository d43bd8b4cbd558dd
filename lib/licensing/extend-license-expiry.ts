import { eq } from "drizzle-orm";
import { appendAuditEvent, reasonForCustomer } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { ReasonedLicenseInput } from "./change-license-status";
import { describeExpiry, sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";
import { isExpired, licenseMachine, transitionLicense } from "./license-transitions";
import { lockLicense } from "./lock-license";

/**
 * Support moves a license's expiry later. An expired license comes back to active with its
 * existing key; a revoked or revoking one cannot be extended (undo the revocation first).
 */
export async function extendLicenseExpiry(ctx: StaffCtx, input: ReasonedLicenseInput & { expiresAt: Date }, deps: NoticeDeps) {
  const now = ctx.now();
  const { license, isReinstated, previousExpiry } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertAction(licenseMachine, "extendExpiry", license, viewerOf(ctx));
    const floor = license.expiresAt && license.expiresAt > now ? license.expiresAt : now;
    if (input.expiresAt <= floor) {
      throw new InvalidInput("Choose a later expiry.", { expiresAt: [`The new expiry must be after ${floor.toISOString().slice(0, 10)} (the current expiry, or today).`] });
    }
    if (isExpired(license.status)) {
      return { license: await transitionLicense(tx, ctx, license, "active", { ...input, stamp: { expiresAt: input.expiresAt } }), isReinstated: true, previousExpiry: license.expiresAt };
    }
    const [updated] = await tx.update(licenses).set({ expiresAt: input.expiresAt, updatedAt: now }).where(eq(licenses.id, license.id)).returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: "license.expiry_extended",
      subjectType: "license",
      subjectId: license.id,
      reason: input.reason,
      data: { from: license.expiresAt, to: input.expiresAt, reasonCategory: input.reasonCategory, customerMessage: input.customerMessage },
    });
    return { license: updated!, isReinstated: false, previousExpiry: license.expiresAt };
  });
  const change = { from: describeExpiry(previousExpiry), to: describeExpiry(license.expiresAt) };
  await sendLicenseNotice(ctx.db, { licenseId: license.id, kind: isReinstated ? "reinstated" : "expiry_extended", reason: reasonForCustomer(ctx.actor, input), change, now }, deps);
  return license;
}
