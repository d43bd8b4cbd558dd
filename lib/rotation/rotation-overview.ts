import { and, asc, eq, sql } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { auditEvents } from "@/lib/db/schema";
import { DEFAULT_OVERLAP_MINUTES } from "@/lib/validations/choices";
import { getEffectiveRotationPreference } from "./get-rotation-preference";
import { listLicenseRotations } from "./list-license-rotations";
import { isCancelled, isOverlapping, isUpcoming, type RotationState } from "./rotation-transitions";

/** A license's rotation settings as the portal's form shows them. */
export interface RotationPreferenceValues {
  cadenceDays: number | null;
  weekdays: number[];
  startMinute: number;
  durationMinutes: number;
  timeZone: string;
  leadDays: number[];
  overlapMinutes: number;
  alignWithRenewal: boolean;
}

/** Shown when neither the license nor its organisation has chosen anything yet. */
export const FALLBACK_PREFERENCE: RotationPreferenceValues = {
  cadenceDays: null,
  weekdays: [2],
  startMinute: 22 * 60,
  durationMinutes: 120,
  timeZone: "UTC",
  leadDays: [14, 3, 1],
  overlapMinutes: DEFAULT_OVERLAP_MINUTES,
  alignWithRenewal: false,
};

export interface RotationRecord {
  id: string;
  kind: "scheduled" | "customer" | "emergency" | "reissue";
  state: RotationState;
  scheduledFor: Date;
  overlapEndsAt: Date | null;
  /** Why it was planned for that date ("every 90 days", "with the renewal: …"). */
  reason: string | null;
  createdAt: Date;
}

/** One postponement from the audit trail: which rotation, from when (to when is the rotation's date now). */
export interface Postponement {
  rotationId: string;
  from: Date;
}

export interface RotationHistoryEntry extends Omit<RotationRecord, "createdAt"> {
  /** The date it was first planned for, when postponing or new settings moved it since. */
  movedFrom: Date | null;
}

/**
 * The timeline as history (issue 16 item 3): a scheduled rotation cancelled only because a newer plan
 * replaced it (new settings re-plan by cancelling and planning again) is not an event the customer
 * made happen, so it folds into its successor as "moved from … to …", as do postponements. A
 * cancellation nothing replaced stays. Newest first, like the rows it is built from.
 */
export function buildRotationHistory(
  rotationsNewestFirst: readonly RotationRecord[],
  postponements: readonly Postponement[],
): RotationHistoryEntry[] {
  const firstPostponedFrom = new Map<string, Date>();
  for (const { rotationId, from } of postponements)
    if (!firstPostponedFrom.has(rotationId)) firstPostponedFrom.set(rotationId, from);
  const oldestFirst = [...rotationsNewestFirst].reverse();
  const history: RotationHistoryEntry[] = [];
  let carriedFrom: Date | null = null;
  oldestFirst.forEach((rotation, index) => {
    const { createdAt: _createdAt, ...entry } = rotation;
    const originalDate = carriedFrom ?? firstPostponedFrom.get(rotation.id) ?? null;
    const isSuperseded =
      rotation.kind === "scheduled" &&
      isCancelled(rotation) &&
      oldestFirst.slice(index + 1).some((later) => later.kind === "scheduled");
    if (isSuperseded) {
      carriedFrom = originalDate ?? rotation.scheduledFor;
      return;
    }
    if (rotation.kind === "scheduled") carriedFrom = null;
    const movedFrom = originalDate && originalDate.getTime() !== rotation.scheduledFor.getTime() ? originalDate : null;
    history.push({ ...entry, movedFrom });
  });
  return history.reverse();
}

export type NextRotation =
  | { isPlanned: true; rotationId: string; kind: RotationRecord["kind"]; at: Date; isPostponable: boolean }
  | { isPlanned: false; why: "manual" | "inOverlap" | "notPlannedYet" };

/**
 * The one answer to "when does my key rotate next" (issue 16 item 3): the open rotation row the
 * worker will act on, never a date worked out again from the window settings.
 */
export function findNextRotation(
  rotationsNewestFirst: readonly RotationRecord[],
  preference: Pick<RotationPreferenceValues, "cadenceDays">,
): NextRotation {
  const upcoming = rotationsNewestFirst.find(isUpcoming);
  if (upcoming)
    return {
      isPlanned: true,
      rotationId: upcoming.id,
      kind: upcoming.kind,
      at: upcoming.scheduledFor,
      isPostponable: upcoming.kind === "scheduled",
    };
  if (rotationsNewestFirst.some(isOverlapping)) return { isPlanned: false, why: "inOverlap" };
  return { isPlanned: false, why: preference.cadenceDays === null ? "manual" : "notPlannedYet" };
}

/** What the license page's rotation section shows: settings, the next rotation and the history. */
export async function getRotationOverview(ctx: OrgCtx, licenseId: string) {
  const [preference, rotations, postponements] = await Promise.all([
    getEffectiveRotationPreference(ctx, licenseId),
    listLicenseRotations(ctx.db, licenseId, { limit: 30 }),
    ctx.db
      .select({
        rotationId: sql<string>`${auditEvents.data}->>'rotationId'`,
        from: sql<string>`${auditEvents.data}->>'from'`,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.orgId, ctx.orgId),
          eq(auditEvents.subjectId, licenseId),
          eq(auditEvents.action, "rotation.postponed"),
        ),
      )
      .orderBy(asc(auditEvents.id)),
  ]);
  const values: RotationPreferenceValues = preference
    ? {
        cadenceDays: preference.cadenceDays,
        weekdays: preference.windowWeekdays,
        startMinute: preference.windowStartMinute,
        durationMinutes: preference.windowDurationMinutes,
        timeZone: preference.timeZone,
        leadDays: preference.noticeLeadDays,
        overlapMinutes: preference.overlapMinutes,
        alignWithRenewal: preference.alignWithRenewal,
      }
    : FALLBACK_PREFERENCE;
  return {
    preference: values,
    isOrgDefault: preference?.isOrgDefault ?? true,
    nextRotation: findNextRotation(rotations, values),
    history: buildRotationHistory(
      rotations,
      postponements.map((row) => ({ rotationId: row.rotationId, from: new Date(row.from) })),
    ),
  };
}
export type RotationOverview = Awaited<ReturnType<typeof getRotationOverview>>;
