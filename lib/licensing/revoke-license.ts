import { reasonForCustomer } from "@/lib/audit";
import { orgScope, type OrgCtx, type StaffCtx } from "@/lib/context";
import { viewerOf } from "@/lib/auth/viewer";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import type { RevocationReasonCode } from "@rekey/sdk";
import type { ReasonedLicenseInput } from "./change-license-status";
import { finaliseRevocation } from "./finalise-revocation";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import type { Tx } from "@/lib/db";
import { assertAction } from "@/lib/state-machine";
import { isRevoked, type License, licenseMachine, transitionLicense } from "./license-transitions";
import { lockLicense } from "./lock-license";

const HOUR_MS = 3_600_000;

export interface RevokeLicenseInput extends ReasonedLicenseInput {
  /** Staff only: skip the undo window (a compromised or fraudulent license must stop now). */
  isEmergency?: boolean;
  /** Staff only: the code the public feed publishes. A customer revoking their own ends its use. */
  reasonCode?: RevocationReasonCode;
}

/**
 * Revokes a license the safe way (issue 10): it is suspended at once and becomes permanent when
 * the policy's undo window closes (the worker finalises it), so a mistake is one click to undo.
 * An emergency revocation, or a policy without a window, is permanent immediately. Customers
 * (owners) may revoke their own license, never as an emergency.
 */
export async function revokeLicense(ctx: StaffCtx | OrgCtx, input: RevokeLicenseInput, deps: NoticeDeps) {
  const updated = await ctx.db.transaction((tx) => revokeLicenseInTransaction(tx, ctx, input));
  await sendRevocationNotice(ctx, updated, input, deps);
  return updated;
}

/** The state change of `revokeLicense` in the caller's transaction: what an approved request runs. */
export async function revokeLicenseInTransaction(tx: Tx, ctx: StaffCtx | OrgCtx, input: RevokeLicenseInput) {
  const now = ctx.now();
  const reasonCode = ctx.actor.type === "user" ? "cessation_of_operation" : (input.reasonCode ?? "unspecified");
  const license = await lockLicense(tx, input.licenseId, orgScope(ctx));
  assertAction(licenseMachine, input.isEmergency ? "revokeNow" : "revoke", license, viewerOf(ctx));
  const policy = await findRotationPolicy(tx, license);
  if (input.isEmergency || policy.revocationUndoHours === 0) {
    return finaliseRevocation(tx, ctx, license, { ...input, reasonCode });
  }
  const revokesAt = new Date(now.getTime() + policy.revocationUndoHours * HOUR_MS);
  return transitionLicense(tx, ctx, license, "revoking", {
    ...input,
    stamp: { revokesAt, revocationReasonCode: reasonCode },
    data: { undoHours: policy.revocationUndoHours, policyVersion: policy.version },
  });
}

/** Tells the customer, after the revocation committed. */
export async function sendRevocationNotice(
  ctx: StaffCtx | OrgCtx,
  license: Pick<License, "id" | "status" | "revokesAt">,
  input: Pick<RevokeLicenseInput, "reason" | "customerMessage">,
  deps: NoticeDeps,
) {
  await sendLicenseNotice(
    ctx.db,
    {
      licenseId: license.id,
      kind: isRevoked(license.status) ? "revoked" : "revoking",
      reason: reasonForCustomer(ctx.actor, input),
      revokesAt: license.revokesAt,
      now: ctx.now(),
    },
    deps,
  );
}
