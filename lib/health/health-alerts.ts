import { isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { operatorAlertEmail, sendEmail, type Mailer } from "@/lib/notify";
import { countDeadOutboxSince } from "./summarize-outbox";
import { getRevocationPropagation } from "./get-revocation-propagation";
import { listOldKeyUsage } from "./list-old-key-usage";
import { summarizeClientJwks } from "./summarize-client-jwks";
import { findFailedValidationSpikes } from "./find-failed-validation-spikes";
import { listResponseTimes, type ResponseTime } from "./list-response-times";

const HOUR_MS = 3_600_000;
/** Below this many reporting validations an hour, a drift percentage is noise, not a signal. */
const MIN_REPORTING_FOR_DRIFT = 20;

export interface AlertThresholds {
  /** Licenses presenting an old key after its rotation (per product, last 24 h). */
  oldKeyLicenses: number;
  /** Percent of reporting validations with a stale `kid` or only deprecated algorithms (per product, last hour). */
  staleClientPercent: number;
  /** Dead outbox messages created in the last 24 h. */
  deadOutbox: number;
  /** p99 revocation propagation to open push streams, seconds (last hour). */
  revocationP99Seconds: number;
  /** Detection → first customer notice, minutes, per incident and emergency rotation (last 24 h). */
  noticeTargetMinutes: number;
  /** Detection → key replaced, minutes, per emergency rotation (last 24 h). */
  keyReplacedTargetMinutes: number;
  /** Failed validations an hour after a rotation, as a multiple of the day before's rate. */
  failedValidationSpikeFactor: number;
}

export interface HealthAlert {
  /** Stable per condition (and product): the hourly dedupe key is built from it. */
  id: string;
  title: string;
  summary: string;
  facts: string[];
}

/** Every alert condition that holds now. Pure reads: sending is `sendHealthAlerts`. */
export async function evaluateHealthAlerts(
  db: Db,
  { now, thresholds }: { now: Date; thresholds: AlertThresholds },
): Promise<HealthAlert[]> {
  const lastHour = new Date(now.getTime() - HOUR_MS);
  const lastDay = new Date(now.getTime() - 24 * HOUR_MS);
  const [oldKeys, clientJwks, deadOutbox, propagation, responseTimes, spikes] = await Promise.all([
    listOldKeyUsage(db, { since: lastDay }),
    summarizeClientJwks(db, { since: lastHour }),
    countDeadOutboxSince(db, lastDay),
    getRevocationPropagation(db, { since: lastHour }),
    listResponseTimes(db, { since: lastDay, now, targets: responseTargets(thresholds) }),
    findFailedValidationSpikes(db, { now, factor: thresholds.failedValidationSpikeFactor }),
  ]);
  const alerts: HealthAlert[] = [];
  for (const product of oldKeys) {
    if (product.licenses < thresholds.oldKeyLicenses) continue;
    alerts.push({
      id: `old-key-usage:${product.productCode}`,
      title: `${product.productName}: ${product.licenses} licenses still use their old key`,
      summary: `In the last 24 hours, ${product.licenses} licenses of ${product.productName} presented a key after its rotation issued a replacement (threshold ${thresholds.oldKeyLicenses}).`,
      facts: [
        `${product.validations} validations with old keys; ${product.licensesOnRetiredKey} licenses presented a key that has already retired and are being refused.`,
      ],
    });
  }
  for (const product of clientJwks) {
    if (
      product.driftPercent === null ||
      product.reporting < MIN_REPORTING_FOR_DRIFT ||
      product.driftPercent < thresholds.staleClientPercent
    )
      continue;
    const name = product.productName ?? "Unknown product";
    alerts.push({
      id: `client-jwks-drift:${product.productCode ?? "unknown"}`,
      title: `${name}: ${product.driftPercent}% of clients have stale signing keys`,
      summary: `In the last hour, ${product.driftPercent}% of ${product.reporting} reporting validations of ${name} came from clients holding a stale kid or accepting only deprecated algorithms (threshold ${thresholds.staleClientPercent}%).`,
      facts: [
        `Stale kid: ${product.counts.stale_kid}. Deprecated algorithms only: ${product.counts.deprecated_algorithm}. Current: ${product.counts.current}.`,
      ],
    });
  }
  if (deadOutbox >= thresholds.deadOutbox) {
    alerts.push({
      id: "dead-outbox",
      title: `${deadOutbox} outgoing messages were given up`,
      summary: `${deadOutbox} emails or webhooks created in the last 24 hours failed every delivery attempt (threshold ${thresholds.deadOutbox}).`,
      facts: ["Their last errors are listed on the health dashboard."],
    });
  }
  if (propagation.p99Seconds !== null && propagation.p99Seconds > thresholds.revocationP99Seconds) {
    alerts.push({
      id: "revocation-propagation",
      title: `Revocations take ${propagation.p99Seconds}s to reach clients (p99)`,
      summary: `Over the last hour, p99 of the time from a revocation to its push to connected clients was ${propagation.p99Seconds} seconds (threshold ${thresholds.revocationP99Seconds} s).`,
      facts: [
        `Measured revocations: ${propagation.measured}; p50 ${propagation.p50Seconds} s; slowest ${propagation.maxSeconds} s.`,
      ],
    });
  }
  for (const late of responseTimes.filter((time) => time.isNoticeLate || time.isKeyReplacementLate)) {
    alerts.push(responseTargetAlert(late, thresholds));
  }
  for (const spike of spikes) {
    alerts.push({
      id: `failed-validation-spike:${spike.productCode}:${spike.rotationId}`,
      title: `${spike.productName}: failed validations rose after rotation ${spike.rotationId.slice(0, 8)}`,
      summary: `Since rotation ${spike.rotationId} was issued, ${spike.productName} has had ${spike.failuresPerHourAfter} failed validations an hour, against ${spike.failuresPerHourBefore} an hour the day before (alert above ${thresholds.failedValidationSpikeFactor}×).`,
      facts: [`Rotation ${spike.rotationId}, issued ${spike.issuedAt.toISOString()}.`],
    });
  }
  return alerts;
}

export function responseTargets(thresholds: AlertThresholds) {
  return { noticeMinutes: thresholds.noticeTargetMinutes, keyReplacedMinutes: thresholds.keyReplacedTargetMinutes };
}

function responseTargetAlert(late: ResponseTime, thresholds: AlertThresholds): HealthAlert {
  const missed = [
    late.isNoticeLate ? `first customer notice within ${thresholds.noticeTargetMinutes} min` : null,
    late.isKeyReplacementLate ? `key replaced within ${thresholds.keyReplacedTargetMinutes} min` : null,
  ].filter((target): target is string => target !== null);
  return {
    id: `response-target:${late.kind}:${late.id}`,
    title: `${late.label}: missed ${missed.join(" and ")}`,
    summary: `${late.label} was detected ${late.detectedAt.toISOString()} and missed its target: ${missed.join("; ")}.`,
    facts: [
      `First customer notice: ${late.firstNoticeAt?.toISOString() ?? "not yet"}.`,
      ...(late.kind === "emergency_rotation"
        ? [`Key replaced: ${late.keyReplacedAt?.toISOString() ?? "not yet"}.`]
        : []),
    ],
  };
}

/**
 * Worker step: emails each firing alert to staff through the outbox. The dedupe key holds the
 * alert, the hour and the recipient, so a condition that lasts sends one email per hour, however
 * many passes or worker processes see it.
 */
export async function sendHealthAlerts(
  db: Db,
  mailer: Mailer,
  {
    now,
    thresholds,
    recipients,
    dashboardUrl,
  }: { now: Date; thresholds: AlertThresholds; recipients: string[]; dashboardUrl: string },
): Promise<{ firing: number; sent: number }> {
  const alerts = await evaluateHealthAlerts(db, { now, thresholds });
  if (alerts.length === 0) return { firing: 0, sent: 0 };
  const to = recipients.length > 0 ? recipients : await listStaffEmails(db);
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  let sent = 0;
  for (const alert of alerts) {
    for (const recipient of to) {
      const result = await sendEmail(db, mailer, {
        email: operatorAlertEmail({
          to: recipient,
          title: alert.title,
          summary: alert.summary,
          facts: alert.facts,
          dashboardUrl,
        }),
        dedupeKey: `alert:${alert.id}:${hour}:${recipient}`,
        now,
      });
      if (result.created) sent += 1;
    }
  }
  return { firing: alerts.length, sent };
}

async function listStaffEmails(db: Db): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(users).where(isNotNull(users.staffRole));
  return rows.map((row) => row.email);
}
