import { and, eq, gte, like, min } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { outbox, rotations, statusIncidents, statusIncidentUpdates } from "@/lib/db/schema";

const MINUTE_MS = 60_000;

/** How fast trouble must be told and fixed (REKEY_TARGET_NOTICE_MINUTES, REKEY_TARGET_KEY_REPLACED_MINUTES). */
export interface ResponseTargets {
  /** Detection → first customer notice. */
  noticeMinutes: number;
  /** Detection → key replaced (emergency rotations). */
  keyReplacedMinutes: number;
}

export interface ResponseTime {
  kind: "incident" | "emergency_rotation";
  id: string;
  label: string;
  detectedAt: Date;
  firstNoticeAt: Date | null;
  /** Null for incidents (no key to replace) and for a rotation not yet issued. */
  keyReplacedAt: Date | null;
  /** A target missed: reached late, or not reached and already past it. */
  isNoticeLate: boolean;
  isKeyReplacementLate: boolean;
}

function isLate(detectedAt: Date, reachedAt: Date | null, targetMinutes: number, now: Date): boolean {
  const deadline = detectedAt.getTime() + targetMinutes * MINUTE_MS;
  return (reachedAt?.getTime() ?? now.getTime()) > deadline;
}

/**
 * The documents ask for time limits on detecting trouble and telling customers (issue 22): for
 * each incident and each emergency rotation since `since`, detection → first customer notice →
 * key replaced, measured against the targets. An incident is detected when it starts and noticed
 * by its first public update; an emergency rotation is detected when it is asked for, noticed by
 * its first email to the customer, and replaced when the new key is issued.
 */
export async function listResponseTimes(
  db: Executor,
  { since, now, targets }: { since: Date; now: Date; targets: ResponseTargets },
): Promise<ResponseTime[]> {
  const [incidents, emergencies] = await Promise.all([
    db
      .select({
        id: statusIncidents.id,
        title: statusIncidents.title,
        startedAt: statusIncidents.startedAt,
        firstNoticeAt: min(statusIncidentUpdates.postedAt),
      })
      .from(statusIncidents)
      .leftJoin(statusIncidentUpdates, eq(statusIncidentUpdates.incidentId, statusIncidents.id))
      .where(gte(statusIncidents.startedAt, since))
      .groupBy(statusIncidents.id),
    db
      .select({ id: rotations.id, createdAt: rotations.createdAt, issuedAt: rotations.issuedAt })
      .from(rotations)
      .where(and(eq(rotations.kind, "emergency"), gte(rotations.createdAt, since))),
  ]);
  const firstEmails = await firstRotationEmails(
    db,
    emergencies.map((rotation) => rotation.id),
  );
  const times: ResponseTime[] = [
    ...incidents.map((incident) => ({
      kind: "incident" as const,
      id: incident.id,
      label: incident.title,
      detectedAt: incident.startedAt,
      firstNoticeAt: incident.firstNoticeAt,
      keyReplacedAt: null,
      isNoticeLate: isLate(incident.startedAt, incident.firstNoticeAt, targets.noticeMinutes, now),
      isKeyReplacementLate: false,
    })),
    ...emergencies.map((rotation) => {
      const firstNoticeAt = firstEmails.get(rotation.id) ?? null;
      return {
        kind: "emergency_rotation" as const,
        id: rotation.id,
        label: `Emergency rotation ${rotation.id.slice(0, 8)}`,
        detectedAt: rotation.createdAt,
        firstNoticeAt,
        keyReplacedAt: rotation.issuedAt,
        isNoticeLate: isLate(rotation.createdAt, firstNoticeAt, targets.noticeMinutes, now),
        isKeyReplacementLate: isLate(rotation.createdAt, rotation.issuedAt, targets.keyReplacedMinutes, now),
      };
    }),
  ];
  return times.sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime());
}

/** The first email queued about each rotation (lib/rotation/enqueue-rotation-emails.ts dedupe keys). */
async function firstRotationEmails(db: Executor, rotationIds: string[]): Promise<Map<string, Date>> {
  const first = new Map<string, Date>();
  for (const rotationId of rotationIds) {
    const [row] = await db
      .select({ at: min(outbox.createdAt) })
      .from(outbox)
      .where(like(outbox.dedupeKey, `rotation-email:%:${rotationId}:%`));
    if (row?.at) first.set(rotationId, row.at);
  }
  return first;
}
