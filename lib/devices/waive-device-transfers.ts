import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { deviceTransfers, licenseSeatGrants } from "@/lib/db/schema";
import { lockLicense } from "@/lib/licensing/lock-license";
import type { ReasonedLicenseInput } from "@/lib/licensing/change-license-status";

/**
 * Support grants an exception to the edition's device transfer limit (issue 18): the transfers
 * counted so far stop counting (stamped, not deleted, so the history stays), and the full
 * allowance is back. On a named-user license the counted moves are seat reassignments, waived the
 * same way (transfer-policy.ts). Behind the license lock every seat decision takes, with the reason audited.
 */
export async function waiveDeviceTransfers(ctx: StaffCtx, input: ReasonedLicenseInput): Promise<{ waived: number }> {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    const now = ctx.now();
    const waived = await tx
      .update(deviceTransfers)
      .set({ waivedAt: now })
      .where(and(eq(deviceTransfers.licenseId, license.id), isNull(deviceTransfers.waivedAt)))
      .returning({ id: deviceTransfers.id });
    const waivedReassignments = await tx
      .update(licenseSeatGrants)
      .set({ waivedAt: now })
      .where(
        and(
          eq(licenseSeatGrants.licenseId, license.id),
          eq(licenseSeatGrants.isReassignment, true),
          isNull(licenseSeatGrants.waivedAt),
        ),
      )
      .returning({ id: licenseSeatGrants.id });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: "device.transfers_waived",
      subjectType: "license",
      subjectId: license.id,
      reason: input.reason,
      data: {
        waivedTransfers: waived.length + waivedReassignments.length,
        reasonCategory: input.reasonCategory,
        customerMessage: input.customerMessage,
      },
    });
    return { waived: waived.length + waivedReassignments.length };
  });
}
