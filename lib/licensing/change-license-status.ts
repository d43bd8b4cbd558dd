import { reasonForCustomer } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { Conflict } from "@/lib/errors";
import type { LicenseNoticeKind } from "@/lib/notify";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import { lockLicense } from "./lock-license";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { transitionLicense, type License, type LicenseStatus } from "./license-transitions";

export interface ReasonedLicenseInput {
  licenseId: string;
  reason: string;
  reasonCategory?: StaffReasonCategory;
  customerMessage?: string;
}

/**
 * The shape of a simple lifecycle action: lock the license, check it is in a state the action
 * applies to (with a sentence saying why not), transition, commit, then tell the customer.
 */
export async function changeLicenseStatus(
  ctx: Ctx,
  input: ReasonedLicenseInput & { orgId?: string },
  { from, to, notice, refusal }: { from: LicenseStatus[]; to: LicenseStatus; notice: LicenseNoticeKind; refusal: (status: LicenseStatus) => string },
  deps: NoticeDeps,
): Promise<License> {
  const updated = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId, input.orgId);
    if (!from.includes(license.status)) throw new Conflict(refusal(license.status));
    return transitionLicense(tx, ctx, license, to, input);
  });
  await sendLicenseNotice(ctx.db, { licenseId: updated.id, kind: notice, reason: reasonForCustomer(ctx.actor, input), now: ctx.now() }, deps);
  return updated;
}
