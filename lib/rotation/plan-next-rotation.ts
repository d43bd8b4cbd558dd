import { and, desc, eq, inArray } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { freezePeriods, licenseKeys, rotations } from "@/lib/db/schema";
import { findRotationPolicy } from "./find-rotation-policy";
import { findEffectivePreference } from "./get-rotation-preference";
import { lockLicenseForRotation } from "./load-license-for-rotation";
import { planScheduledRotation } from "./plan-window";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";

const DAY_MS = 86_400_000;

/**
 * Plans the license's next scheduled rotation from its preference (cadence + window, in the
 * customer's zone), no sooner than the vendor's minimum notice and outside vendor freezes. A policy's
 * key age limit retires old keys this way too (through the usual notice and overlap). Does nothing
 * for a manual cadence without an age limit, an inactive license, or one with an open rotation.
 */
export async function planNextRotation(tx: Tx, ctx: Ctx, { licenseId }: { licenseId: string }) {
  const license = await lockLicenseForRotation(tx, licenseId);
  if (license.status !== "active") return null;
  const [open] = await tx
    .select({ id: rotations.id })
    .from(rotations)
    .where(and(eq(rotations.licenseId, licenseId), inArray(rotations.state, OPEN_ROTATION_STATES)));
  if (open) return null;
  const preference = await findEffectivePreference(tx, { orgId: license.orgId, licenseId });
  if (!preference) return null;
  const policy = await findRotationPolicy(tx, license);
  // The vendor's key age limit caps the customer's cadence, and gives a manual cadence a deadline.
  const cadenceDays = Math.min(preference.cadenceDays ?? Infinity, policy.maxKeyAgeDays ?? Infinity);
  if (cadenceDays === Infinity) return null;

  const [lastKey] = await tx
    .select({ activatedAt: licenseKeys.activatedAt, createdAt: licenseKeys.createdAt })
    .from(licenseKeys)
    .where(and(eq(licenseKeys.licenseId, licenseId), inArray(licenseKeys.state, ["active"])))
    .orderBy(desc(licenseKeys.createdAt))
    .limit(1);
  if (!lastKey) return null;
  const now = ctx.now();
  const freezes = await tx.select().from(freezePeriods).where(eq(freezePeriods.productId, license.productId));
  const scheduledFor = planScheduledRotation({
    window: { weekdays: preference.windowWeekdays, startMinute: preference.windowStartMinute, durationMinutes: preference.windowDurationMinutes, timeZone: preference.timeZone },
    cadenceDays,
    lastRotatedAt: lastKey.activatedAt ?? lastKey.createdAt,
    // The vendor's minimum notice is a hard floor; a rotation due sooner than the customer's longest
    // lead time simply gets its first notice at once (the shortest overdue lead, see notices).
    earliest: new Date(now.getTime() + policy.minNoticeDays * DAY_MS),
    freezes,
  });
  if (!scheduledFor) return null;
  const [rotation] = await tx
    .insert(rotations)
    .values({
      licenseId,
      kind: "scheduled",
      state: "planned",
      policyId: policy.id,
      scheduledFor,
      overlapMinutes: Math.min(Math.max(preference.overlapMinutes, policy.minOverlapMinutes), policy.maxOverlapMinutes),
      reason: cadenceDays === preference.cadenceDays ? `every ${cadenceDays} days` : `keys may be at most ${cadenceDays} days old`,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return rotation!;
}
