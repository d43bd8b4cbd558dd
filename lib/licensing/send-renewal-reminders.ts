import { and, asc, eq, gt, isNull, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { dueNoticeLead, findNoticeRecipients, renewalReminderEmail, sendEmail, type Mailer } from "@/lib/notify";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import { findNoticeFacts } from "@/lib/rotation/find-notice-facts";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { licensePath } from "@/lib/rotation/rotation-links";

const DAY_MS = 86_400_000;
/** Lead times are at most 60 days (lib/validations/rotation.ts), so nothing further out is due. */
const LOOKAHEAD_DAYS = 60;

/** Where a customer renews: the vendor's page when configured (told which license), else the license page. */
export function renewalLink({
  renewalUrl,
  portalUrl,
  licenseId,
}: {
  renewalUrl?: string;
  portalUrl: string;
  licenseId: string;
}): string {
  if (!renewalUrl) return `${portalUrl}${licensePath(licenseId)}#renewal`;
  const url = new URL(renewalUrl);
  url.searchParams.set("license", licenseId);
  return url.toString();
}

/**
 * Reminds customers of licenses nearing expiry, at the lead times they chose for rotation notices,
 * by email to the same recipients and as a `license.expiring` webhook. The dedupe key holds the
 * expiry date, so a renewed license (a new date) is reminded afresh, and a re-run sends nothing twice.
 */
export async function sendRenewalReminders(
  db: Db,
  {
    now,
    mailer,
    portalUrl,
    renewalUrl,
    limit = 200,
  }: { now: Date; mailer: Mailer; portalUrl: string; renewalUrl?: string; limit?: number },
): Promise<number> {
  const expiring = await db
    .select({
      id: licenses.id,
      productId: licenses.productId,
      editionId: licenses.editionId,
      expiresAt: licenses.expiresAt,
    })
    .from(licenses)
    // A live Stripe subscription renews its license by itself (lib/billing); a cancelled one is unlinked, so its last period is reminded.
    .where(
      and(
        eq(licenses.status, "active"),
        isNull(licenses.stripeSubscriptionId),
        gt(licenses.expiresAt, now),
        lte(licenses.expiresAt, new Date(now.getTime() + LOOKAHEAD_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(licenses.expiresAt))
    .limit(limit);
  let sent = 0;
  for (const license of expiring) {
    const expiresAt = license.expiresAt!;
    const facts = await findNoticeFacts(db, license.id);
    const lead = facts && dueNoticeLead(expiresAt, facts.noticeLeadDays, now);
    if (!facts || lead === null) continue;
    const { expiryGraceDays } = await findRotationPolicy(db, license);
    const expiry = expiresAt.toISOString();
    await enqueueWebhookEvent(db, {
      orgId: facts.orgId,
      type: "license.expiring",
      data: { licenseId: license.id, expiresAt: expiry, leadDays: lead, graceDays: expiryGraceDays },
      dedupeKey: `webhook:license.expiring:${license.id}:${expiry}:${lead}`,
      now,
    });
    const licenseUrl = `${portalUrl}${licensePath(license.id)}`;
    for (const to of await findNoticeRecipients(db, facts.orgId, license.id)) {
      const email = renewalReminderEmail({
        to,
        productName: facts.productName,
        editionName: facts.editionName,
        expiresAt: expiry,
        timeZone: facts.timeZone,
        graceDays: expiryGraceDays,
        renewUrl: renewalLink({ renewalUrl, portalUrl, licenseId: license.id }),
        licenseUrl,
      });
      const result = await sendEmail(db, mailer, {
        email,
        dedupeKey: `renewal-reminder:${license.id}:${expiry}:${lead}:${to}`,
        orgId: facts.orgId,
        now,
      });
      if (result.created) sent += 1;
    }
  }
  return sent;
}
