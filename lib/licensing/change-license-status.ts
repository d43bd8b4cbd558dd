import { reasonForCustomer } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { viewerOf } from "@/lib/auth/viewer";
import type { LicenseNoticeKind } from "@/lib/notify";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import { lockLicense } from "./lock-license";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { assertAction } from "@/lib/state-machine";
import {
  licenseMachine,
  transitionLicense,
  type License,
  type LicenseAction,
  type LicenseStatus,
} from "./license-transitions";

export interface ReasonedLicenseInput {
  licenseId: string;
  reason: string;
  reasonCategory?: StaffReasonCategory;
  customerMessage?: string;
}

/**
 * The shape of a simple lifecycle action: lock the license, ask the license machine whether the
 * action applies (it says why not), transition, commit, then tell the customer.
 */
export async function changeLicenseStatus(
  ctx: Ctx,
  input: ReasonedLicenseInput & { orgId?: string },
  { action, to, notice }: { action: LicenseAction; to: LicenseStatus; notice: LicenseNoticeKind },
  deps: NoticeDeps,
): Promise<License> {
  const updated = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId, input.orgId);
    assertAction(licenseMachine, action, license, viewerOf(ctx));
    return transitionLicense(tx, ctx, license, to, input);
  });
  await sendLicenseNotice(
    ctx.db,
    { licenseId: updated.id, kind: notice, reason: reasonForCustomer(ctx.actor, input), now: ctx.now() },
    deps,
  );
  return updated;
}
