import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { viewerOf } from "@/lib/auth/viewer";
import type { Ctx, VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { apiTokens, licenses, offboardings, orgMembers, sessions } from "@/lib/db/schema";
import { finaliseRevocation, licenseMachine, lockLicense, moveLicenseExpiry } from "@/lib/licensing";
import { canAct } from "@/lib/state-machine";
import { type Offboarding, transitionOffboarding } from "./offboarding-transitions";

/**
 * Worker step: offboardings whose date has come are carried out, each in one transaction with its
 * row claimed by SKIP LOCKED (so two workers never both do it): every license is revoked (keys in
 * the revocation feed) or expires at the date, members are signed out, the organization's API
 * tokens are deleted, and the offboarding is completed. No further notice: the customer was told
 * once, when it was scheduled.
 */
export async function completeDueOffboardings(ctx: VendorCtx, { limit = 20 }: { limit?: number } = {}) {
  let completed = 0;
  for (let i = 0; i < limit; i += 1) {
    const done = await ctx.db.transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(offboardings)
        .where(and(eq(offboardings.status, "scheduled"), lte(offboardings.endsAt, ctx.now())))
        .orderBy(asc(offboardings.endsAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return false;
      await carryOut(tx, ctx, due);
      return true;
    });
    if (!done) break;
    completed += 1;
  }
  return { completed };
}

async function carryOut(tx: Tx, ctx: VendorCtx, offboarding: Offboarding) {
  const reason = `customer offboarded: ${offboarding.reason}`;
  const licenseIds = await tx.select({ id: licenses.id }).from(licenses).where(eq(licenses.orgId, offboarding.orgId));
  let licensesEnded = 0;
  for (const { id } of licenseIds) {
    if (await endLicense(tx, ctx, id, offboarding, reason)) licensesEnded += 1;
  }
  const members = tx
    .select({ userId: orgMembers.userId })
    .from(orgMembers)
    .where(eq(orgMembers.orgId, offboarding.orgId));
  const endedSessions = await tx
    .delete(sessions)
    .where(inArray(sessions.userId, members))
    .returning({ userId: sessions.userId });
  const deletedTokens = await tx
    .delete(apiTokens)
    .where(eq(apiTokens.orgId, offboarding.orgId))
    .returning({ id: apiTokens.id });
  await transitionOffboarding(tx, ctx as Ctx, offboarding, "completed", {
    reason,
    data: {
      licenseEnding: offboarding.licenseEnding,
      licensesEnded,
      sessionsEnded: endedSessions.length,
      apiTokensDeleted: deletedTokens.length,
    },
  });
}

/**
 * Revokes the license permanently, or moves its expiry to the end date (the expiry sweep then
 * marks it expired). A license already revoked, or already ending by then, is left as it is.
 */
async function endLicense(tx: Tx, ctx: VendorCtx, licenseId: string, offboarding: Offboarding, reason: string) {
  const license = await lockLicense(tx, licenseId);
  const options = { reason, data: { offboardingId: offboarding.id } };
  if (offboarding.licenseEnding === "revoke") {
    if (!canAct(licenseMachine, "revokeNow", license, viewerOf(ctx))) return false;
    await finaliseRevocation(tx, ctx, license, { ...options, reasonCode: "cessation_of_operation" });
    return true;
  }
  const isEndingLater = license.expiresAt === null || license.expiresAt > offboarding.endsAt;
  if (!isEndingLater || !canAct(licenseMachine, "extendExpiry", license, viewerOf(ctx))) return false;
  await moveLicenseExpiry(tx, ctx, license, offboarding.endsAt, options);
  return true;
}
