import { asc, eq } from "drizzle-orm";
import { reasonForCustomer } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import type { Executor, Tx } from "@/lib/db";
import { licenses, organizations } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { canAct } from "@/lib/state-machine";
import type { ReasonedLicenseInput } from "./change-license-status";
import { type NoticeDeps, sendLicenseNotice } from "./license-notices";
import { type License, licenseMachine, transitionLicense } from "./license-transitions";
import { lockLicense } from "./lock-license";

export type SuspendLicensesInput = Omit<ReasonedLicenseInput, "licenseId"> & { orgId: string };

/**
 * The organization's licenses the license machine lets this staff member suspend now, in a stable
 * order. Another organization's id is a 404 like a missing one.
 */
export async function findSuspendableLicenses(db: Executor, ctx: StaffCtx, orgId: string): Promise<License[]> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new NotFound("No such customer.");
  const rows = await db.select().from(licenses).where(eq(licenses.orgId, orgId)).orderBy(asc(licenses.createdAt));
  return rows.filter((license) => canAct(licenseMachine, "suspend", license, viewerOf(ctx)));
}

/**
 * Suspends the named licenses of one organization in the caller's transaction (what the direct
 * action and an approved request both run). A license resumed, revoked or already suspended since
 * the request is left as it is: the machine no longer offers "suspend" for it.
 */
export async function suspendLicensesInTransaction(
  tx: Tx,
  ctx: StaffCtx,
  { licenseIds, ...input }: SuspendLicensesInput & { licenseIds: string[] },
): Promise<License[]> {
  const suspended: License[] = [];
  for (const licenseId of licenseIds) {
    const license = await lockLicense(tx, licenseId, input.orgId);
    if (!canAct(licenseMachine, "suspend", license, viewerOf(ctx))) continue;
    suspended.push(await transitionLicense(tx, ctx, license, "suspended", input));
  }
  return suspended;
}

/** After the commit: each suspended license's contacts hear about it, as for a single suspension. */
export async function sendSuspensionNotices(
  ctx: StaffCtx,
  suspended: Pick<License, "id">[],
  input: Pick<ReasonedLicenseInput, "reason" | "customerMessage">,
  deps: NoticeDeps,
) {
  for (const license of suspended)
    await sendLicenseNotice(
      ctx.db,
      { licenseId: license.id, kind: "suspended", reason: reasonForCustomer(ctx.actor, input), now: ctx.now() },
      deps,
    );
}
