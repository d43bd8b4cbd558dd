import { and, desc, eq, sql } from "drizzle-orm";
import { reasonForCustomer } from "@/lib/audit";
import { orgScope, type OrgCtx, type StaffCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import { viewerOf } from "@/lib/auth/viewer";
import { Conflict } from "@/lib/errors";
import { assertAction } from "@/lib/state-machine";
import type { ReasonedLicenseInput } from "./change-license-status";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { licenseMachine, transitionLicense, type LicenseStatus } from "./license-transitions";
import { lockLicense } from "./lock-license";

/** The status the license had before its revocation began, from its audit trail. */
async function statusBeforeRevocation(tx: Executor, licenseId: string): Promise<LicenseStatus> {
  const [event] = await tx
    .select({ from: sql<LicenseStatus>`${auditEvents.data}->>'from'` })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, "license"),
        eq(auditEvents.subjectId, licenseId),
        eq(auditEvents.action, "license.revoking"),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return event?.from ?? "active";
}

/**
 * Undoes a revocation inside its window: the license goes back to what it was (a suspended
 * license stays suspended). Staff and the customer's owners may undo; members may not.
 */
export async function undoLicenseRevocation(ctx: StaffCtx | OrgCtx, input: ReasonedLicenseInput, deps: NoticeDeps) {
  const now = ctx.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId, orgScope(ctx));
    assertAction(licenseMachine, "undoRevocation", license, viewerOf(ctx));
    if (license.revokesAt && license.revokesAt <= now)
      throw new Conflict("The undo window has closed: this revocation is permanent.");
    return transitionLicense(tx, ctx, license, await statusBeforeRevocation(tx, license.id), input);
  });
  await sendLicenseNotice(
    ctx.db,
    { licenseId: updated.id, kind: "revocation_undone", reason: reasonForCustomer(ctx.actor, input), now },
    deps,
  );
  return updated;
}
