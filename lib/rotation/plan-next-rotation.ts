import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { freezePeriods, licenseKeys, licenses, rotations } from "@/lib/db/schema";
import {
  earliestRotationInContract,
  isRotationInContract,
  rotationDueAtRenewal,
  termStartOf,
  type ContractDates,
} from "./contract-timing";
import { findRotationPolicy } from "./find-rotation-policy";
import { findEffectivePreferences, type RotationPreference } from "./get-rotation-preference";
import { nextWindowStart, planScheduledRotation, type FreezePeriod } from "./plan-window";
import { nextAttentionAt } from "./rotation-steps";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";
import { isLive } from "@/lib/licensing/license-transitions";

const DAY_MS = 86_400_000;

type Rotation = typeof rotations.$inferSelect;
type License = typeof licenses.$inferSelect;

/**
 * Plans each license's next scheduled rotation from its preference (cadence + window, in the
 * customer's zone), no sooner than the vendor's minimum notice and outside vendor freezes. A policy's
 * key age limit retires old keys this way too (through the usual notice and overlap). Skips a
 * manual cadence without an age limit, an inactive license, and one with an open rotation. A batch
 * (the worker plans a fleet) reads each kind of fact in one query and writes in one statement.
 */
export async function planNextRotations(
  tx: Tx,
  ctx: Ctx,
  { licenseIds }: { licenseIds: readonly string[] },
): Promise<Map<string, Rotation>> {
  if (licenseIds.length === 0) return new Map();
  const locked = await tx
    .select()
    .from(licenses)
    .where(inArray(licenses.id, [...licenseIds]))
    .orderBy(licenses.id)
    .for("update");
  const open = new Set(
    (
      await tx
        .select({ licenseId: rotations.licenseId })
        .from(rotations)
        .where(and(inArray(rotations.licenseId, [...licenseIds]), inArray(rotations.state, OPEN_ROTATION_STATES)))
    ).map((row) => row.licenseId),
  );
  const candidates = locked.filter((license) => isLive(license) && !open.has(license.id));
  if (candidates.length === 0) return new Map();
  const preferences = await findEffectivePreferences(
    tx,
    candidates.map((license) => ({ orgId: license.orgId, licenseId: license.id })),
  );
  const policies = new Map<string, Awaited<ReturnType<typeof findRotationPolicy>>>();
  for (const { productId, editionId } of candidates) {
    const scope = `${productId}/${editionId}`;
    if (!policies.has(scope)) policies.set(scope, await findRotationPolicy(tx, { productId, editionId }));
  }
  const lastKeyOf = new Map<string, { activatedAt: Date | null; createdAt: Date }>();
  const activeKeys = await tx
    .select({
      licenseId: licenseKeys.licenseId,
      activatedAt: licenseKeys.activatedAt,
      createdAt: licenseKeys.createdAt,
    })
    .from(licenseKeys)
    .where(
      and(
        inArray(
          licenseKeys.licenseId,
          candidates.map((license) => license.id),
        ),
        eq(licenseKeys.state, "active"),
      ),
    )
    .orderBy(desc(licenseKeys.createdAt));
  for (const key of activeKeys) if (!lastKeyOf.has(key.licenseId)) lastKeyOf.set(key.licenseId, key);
  const freezes = await tx
    .select()
    .from(freezePeriods)
    .where(inArray(freezePeriods.productId, [...new Set(candidates.map((license) => license.productId))]));

  const now = ctx.now();
  const scheduleOf: ScheduleCache = new Map();
  const planned = candidates.flatMap((license) => {
    const preference = preferences.get(license.id);
    const lastKey = lastKeyOf.get(license.id);
    if (!preference || !lastKey) return [];
    const plan = planScheduledRotationOf(
      {
        license: { ...license, termStartsAt: termStartOf(license) },
        preference,
        policy: policies.get(`${license.productId}/${license.editionId}`)!,
        lastRotatedAt: lastKey.activatedAt ?? lastKey.createdAt,
        freezes,
        now,
      },
      scheduleOf,
    );
    return plan ? [{ id: randomUUID(), licenseId: license.id, ...plan }] : [];
  });
  await insertRows(tx, rotations, planned);
  if (planned.length === 0) return new Map();
  const inserted = await tx
    .select()
    .from(rotations)
    .where(
      inArray(
        rotations.id,
        planned.map((rotation) => rotation.id),
      ),
    );
  return new Map(inserted.map((rotation) => [rotation.licenseId, rotation]));
}

/** Schedules worked out so far, by case: licenses of one organisation share a preference, and a fleet often came due together. */
export type ScheduleCache = Map<string, Date | null>;

export interface ScheduledRotationFacts {
  license: Pick<License, "productId"> & ContractDates;
  preference: Omit<RotationPreference, "isOrgDefault">;
  policy: Pick<
    Awaited<ReturnType<typeof findRotationPolicy>>,
    "id" | "maxKeyAgeDays" | "minNoticeDays" | "minOverlapMinutes" | "maxOverlapMinutes"
  >;
  /** When the license's active key became active (or was made, if never activated). */
  lastRotatedAt: Date;
  /** The vendor's freezes for the license's product (others are ignored). */
  freezes: readonly (FreezePeriod & { productId: string })[];
  now: Date;
}

/**
 * The planned rotation of one license, without its ids, or null when none is due to be planned:
 * a manual cadence without a key age limit, a rotation with the renewal already done this term, or
 * no window before the term's end (a renewal plans it, replanAfterRenewal). The one rule both planners apply: a license at a time, and a fleet a
 * case at a time (planFleetRotations).
 */
export function planScheduledRotationOf(
  { license, preference, policy, lastRotatedAt, freezes, now }: ScheduledRotationFacts,
  scheduleOf: ScheduleCache = new Map(),
) {
  // The vendor's key age limit caps the customer's cadence, and gives a manual cadence (or a
  // rotation with the renewal) a deadline.
  const cadenceDays = Math.min(
    preference.alignWithRenewal ? Infinity : (preference.cadenceDays ?? Infinity),
    policy.maxKeyAgeDays ?? Infinity,
  );
  const renewalDue = preference.alignWithRenewal ? rotationDueAtRenewal(license, lastRotatedAt) : null;
  // The vendor's minimum notice is a hard floor; a rotation due sooner than the customer's longest
  // lead time simply gets its first notice at once (the shortest overdue lead, see notices).
  const minimumNotice = new Date(now.getTime() + policy.minNoticeDays * DAY_MS);
  const window = {
    weekdays: preference.windowWeekdays,
    startMinute: preference.windowStartMinute,
    durationMinutes: preference.windowDurationMinutes,
    timeZone: preference.timeZone,
  };
  const productFreezes = freezes.filter((freeze) => freeze.productId === license.productId);
  // Each distinct case is worked out once: the calendar arithmetic in the customer's zone is the cost.
  const cached = (caseKey: string, plan: () => Date | null) => {
    if (!scheduleOf.has(caseKey)) scheduleOf.set(caseKey, plan());
    return scheduleOf.get(caseKey)!;
  };
  let byCadence: Date | null = null;
  if (cadenceDays !== Infinity) {
    const earliest = earliestRotationInContract(license, minimumNotice);
    byCadence = cached(
      `${preference.id}/${policy.id}/${license.productId}/${cadenceDays}/${lastRotatedAt.getTime()}/${earliest.getTime()}`,
      () => planScheduledRotation({ window, cadenceDays, lastRotatedAt, earliest, freezes: productFreezes }),
    );
  }
  let atRenewal: Date | null = null;
  if (renewalDue) {
    const notBefore = renewalDue > minimumNotice ? renewalDue : minimumNotice;
    atRenewal = cached(`${preference.id}/${license.productId}/renewal/${notBefore.getTime()}`, () =>
      nextWindowStart(window, notBefore, productFreezes),
    );
  }
  // The key age limit wins when it falls before the renewal: it is the vendor's rule, not a choice.
  const isAtRenewal = atRenewal !== null && (byCadence === null || atRenewal <= byCadence);
  const scheduledFor = isAtRenewal ? atRenewal : byCadence;
  if (!scheduledFor || !isRotationInContract(license, scheduledFor)) return null;
  return {
    kind: "scheduled" as const,
    state: "planned" as const,
    policyId: policy.id,
    scheduledFor,
    nextStepAt: nextAttentionAt(
      { kind: "scheduled", state: "planned", scheduledFor, notifiedAt: null, overlapEndsAt: null },
      preference.noticeLeadDays,
      now,
    ),
    overlapMinutes: Math.min(Math.max(preference.overlapMinutes, policy.minOverlapMinutes), policy.maxOverlapMinutes),
    reason: isAtRenewal
      ? `with the renewal: the new term starts ${formatTermStart(renewalDue!, preference.timeZone)}`
      : !preference.alignWithRenewal && cadenceDays === preference.cadenceDays
        ? `every ${cadenceDays} days`
        : `keys may be at most ${cadenceDays} days old`,
    createdAt: now,
    updatedAt: now,
  };
}

/** The term start as the customer's timeline names it, in their zone ("15 Jan 2027"). */
function formatTermStart(termStartsAt: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(termStartsAt);
}

export async function planNextRotation(
  tx: Tx,
  ctx: Ctx,
  { licenseId }: { licenseId: string },
): Promise<Rotation | null> {
  return (await planNextRotations(tx, ctx, { licenseIds: [licenseId] })).get(licenseId) ?? null;
}
