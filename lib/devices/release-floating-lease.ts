import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { floatingLeases } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { viewerOf } from "@/lib/auth/viewer";
import { lockLicense } from "@/lib/licensing/lock-license";
import { assertAction } from "@/lib/state-machine";
import { floatingLeaseMachine, releaseLease } from "./floating-lease-transitions";

/**
 * The customer's owner frees a floating seat (a colleague left for the day with the app open, a
 * borrowed laptop was lost). The holder's next heartbeat is refused with NOT_ACTIVATED; a borrowed
 * file keeps verifying offline until its `exp`, which the portal says before the owner confirms.
 */
export async function releaseFloatingLease(
  ctx: OrgCtx,
  { licenseId, leaseId }: { licenseId: string; leaseId: string },
) {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, licenseId, ctx.orgId);
    const [lease] = await tx
      .select()
      .from(floatingLeases)
      .where(and(eq(floatingLeases.id, leaseId), eq(floatingLeases.licenseId, license.id)));
    if (!lease) throw new NotFound("Lease not found.");
    assertAction(floatingLeaseMachine, "release", lease, viewerOf(ctx));
    return releaseLease(tx, ctx, lease, { orgId: ctx.orgId, reason: "released by the organization's owner" });
  });
}
