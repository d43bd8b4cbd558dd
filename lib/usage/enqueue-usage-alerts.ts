import type { Tx } from "@/lib/db";
import { findLicenseNames } from "@/lib/licensing";
import { enqueueEmails, findNoticeRecipients, usageAlertEmail } from "@/lib/notify";
import type { UsageAlertPercent } from "./usage-policy";

/**
 * Queues the 80 % and 100 % emails a usage record set off, in the record's transaction (an alert
 * exists if and only if the usage that caused it counted). The dedupe key names the period and the
 * threshold, so each goes once a period to each recipient however many records cross it.
 */
export async function enqueueUsageAlerts(
  tx: Tx,
  alert: {
    licenseId: string;
    orgId: string;
    meter: string;
    limit: number;
    used: number;
    percents: UsageAlertPercent[];
    period: { startsAt: Date; endsAt: Date };
    now: Date;
    portalUrl: string;
  },
): Promise<void> {
  if (alert.percents.length === 0) return;
  const names = await findLicenseNames(tx, alert.licenseId);
  if (!names) return;
  const recipients = await findNoticeRecipients(tx, alert.orgId, alert.licenseId);
  const periodKey = alert.period.startsAt.toISOString();
  await enqueueEmails(
    tx,
    alert.percents.flatMap((percent) =>
      recipients.map((to) => ({
        email: usageAlertEmail({
          to,
          productName: names.productName,
          editionName: names.editionName,
          meter: alert.meter,
          percent,
          limit: alert.limit,
          used: alert.used,
          periodEndsAt: alert.period.endsAt.toISOString(),
          usageUrl: `${alert.portalUrl}/licenses/${alert.licenseId}/usage`,
        }),
        dedupeKey: `usage-alert:${alert.licenseId}:${alert.meter}:${periodKey}:${percent}:${to}`,
        orgId: alert.orgId,
        now: alert.now,
      })),
    ),
  );
}
