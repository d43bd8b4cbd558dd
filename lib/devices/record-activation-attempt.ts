import { and, countDistinct, eq, gte, lt, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Actor, Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { deviceActivationAttempts, deviceAnomalyFlags } from "@/lib/db/schema";
import {
  ACTIVATION_ATTEMPT_RETENTION_HOURS,
  ANOMALY_WINDOW_MINUTES,
  anomalyThresholds,
  type AnomalyKind,
} from "./anomaly-policy";
import type { SeatLicense } from "./seats";

const ANOMALY_ACTOR: Actor = { type: "system", label: "anomaly-detection" };

export interface RaisedAnomaly {
  id: string;
  licenseId: string;
  orgId: string;
  kind: AnomalyKind;
  observed: number;
  windowMinutes: number;
  isCustomerNotified: boolean;
}

/**
 * Records an activation attempt (granted or refused: a shared key shows up as refusals) and raises
 * an anomaly flag when the license was tried from too many fingerprints or networks within the
 * window. Returns the flags raised by this attempt; a flag already open is only brought up to date.
 * Never refuses anything: a flag is for people to look at.
 */
export async function recordActivationAttempt(
  tx: Tx,
  ctx: Ctx,
  license: SeatLicense,
  attempt: { fingerprintDigest: string; networkDigest: string | null; isGranted: boolean },
): Promise<RaisedAnomaly[]> {
  const now = ctx.now();
  await tx
    .delete(deviceActivationAttempts)
    .where(
      and(
        eq(deviceActivationAttempts.licenseId, license.id),
        lt(
          deviceActivationAttempts.attemptedAt,
          new Date(now.getTime() - ACTIVATION_ATTEMPT_RETENTION_HOURS * 3_600_000),
        ),
      ),
    );
  await tx.insert(deviceActivationAttempts).values({ licenseId: license.id, ...attempt, attemptedAt: now });
  const [seen] = await tx
    .select({
      many_fingerprints: countDistinct(deviceActivationAttempts.fingerprintDigest),
      many_networks: countDistinct(deviceActivationAttempts.networkDigest),
    })
    .from(deviceActivationAttempts)
    .where(
      and(
        eq(deviceActivationAttempts.licenseId, license.id),
        gte(deviceActivationAttempts.attemptedAt, new Date(now.getTime() - ANOMALY_WINDOW_MINUTES * 60_000)),
      ),
    );
  const thresholds = anomalyThresholds(license.seats);
  const raised: RaisedAnomaly[] = [];
  for (const kind of ["many_fingerprints", "many_networks"] as const) {
    const observed = seen?.[kind] ?? 0;
    if (observed <= thresholds[kind]) continue;
    const flag = await raiseAnomalyFlag(tx, { ...ctx, actor: ANOMALY_ACTOR }, license, {
      kind,
      observed,
      threshold: thresholds[kind],
    });
    if (flag) raised.push(flag);
  }
  return raised;
}

async function raiseAnomalyFlag(
  tx: Tx,
  ctx: Ctx,
  license: SeatLicense,
  { kind, observed, threshold }: { kind: AnomalyKind; observed: number; threshold: number },
): Promise<RaisedAnomaly | null> {
  const now = ctx.now();
  const [flag] = await tx
    .insert(deviceAnomalyFlags)
    .values({
      licenseId: license.id,
      kind,
      observed,
      threshold,
      windowMinutes: ANOMALY_WINDOW_MINUTES,
      raisedAt: now,
      lastObservedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: deviceAnomalyFlags.id });
  if (!flag) {
    await tx
      .update(deviceAnomalyFlags)
      .set({ observed: sql`greatest(${deviceAnomalyFlags.observed}, ${observed})`, lastObservedAt: now })
      .where(
        and(
          eq(deviceAnomalyFlags.licenseId, license.id),
          eq(deviceAnomalyFlags.kind, kind),
          sql`${deviceAnomalyFlags.resolvedAt} is null`,
        ),
      );
    return null;
  }
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId: license.orgId,
    action: "device_anomaly.raised",
    subjectType: "license",
    subjectId: license.id,
    data: { flagId: flag.id, kind, observed, threshold, windowMinutes: ANOMALY_WINDOW_MINUTES },
  });
  return {
    id: flag.id,
    licenseId: license.id,
    orgId: license.orgId,
    kind,
    observed,
    windowMinutes: ANOMALY_WINDOW_MINUTES,
    isCustomerNotified: license.deviceAnomalyNotice,
  };
}
