import { and, eq } from "drizzle-orm";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import { offboardings } from "@/lib/db/schema";
import { NotFound, PolicyViolation } from "@/lib/errors";
import { assertAction } from "@/lib/state-machine";
import type { StaffReason } from "@/lib/validations/staff";
import { offboardingMachine, transitionOffboarding } from "./offboarding-transitions";

/** Staff take an offboarding back before its date: nothing had changed yet, so nothing is undone. */
export async function cancelOffboarding(
  ctx: StaffCtx,
  { orgId, offboardingId, reason, reasonCategory }: { orgId: string; offboardingId: string } & StaffReason,
) {
  return ctx.db.transaction(async (tx) => {
    const [offboarding] = await tx
      .select()
      .from(offboardings)
      .where(and(eq(offboardings.id, offboardingId), eq(offboardings.orgId, orgId)))
      .for("update");
    if (!offboarding) throw new NotFound("No such offboarding.");
    assertAction(offboardingMachine, "cancel", offboarding, viewerOf(ctx));
    // Reversible until the date, not until the worker happens to get to it.
    if (offboarding.endsAt <= ctx.now())
      throw new PolicyViolation(
        "The end date has passed; the offboarding is being carried out and cannot be cancelled.",
      );
    return transitionOffboarding(tx, ctx, offboarding, "cancelled", { reason, data: { reasonCategory } });
  });
}
