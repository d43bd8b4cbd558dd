import type { Db } from "@/lib/db";
import { findLicenseNames } from "@/lib/licensing/license-notices";
import { findNoticeRecipients, rotationNoticeEmail, sendEmail, type Mailer } from "@/lib/notify";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import { findEffectivePreference } from "./get-rotation-preference";
import type { Rotation } from "./rotation-transitions";

const DAY_MS = 86_400_000;

/**
 * Which lead time's notice is due now: the shortest one whose moment has passed. Taking only the
 * shortest means a worker that was down for a while sends one current notice, not a burst of
 * stale ones, and a longer lead never goes out after a shorter one.
 */
export function dueNoticeLead(scheduledFor: Date, leadDays: number[], now: Date): number | null {
  if (now >= scheduledFor) return null;
  const passed = leadDays.filter((lead) => scheduledFor.getTime() - lead * DAY_MS <= now.getTime());
  return passed.length ? Math.min(...passed) : null;
}

/**
 * Sends the upcoming-rotation notice that is due, once per person: the outbox dedupe key is
 * (rotation, lead time, recipient), so retries and a second worker never send it twice.
 */
export async function sendDueRotationNotice(db: Db, rotation: Rotation, { now, mailer, portalUrl }: { now: Date; mailer: Mailer; portalUrl: string }): Promise<number> {
  if (rotation.kind !== "scheduled" || !["planned", "notified", "issued"].includes(rotation.state)) return 0;
  const license = await findLicenseNames(db, rotation.licenseId);
  if (!license) return 0;
  const preference = await findEffectivePreference(db, { orgId: license.orgId, licenseId: rotation.licenseId });
  const lead = dueNoticeLead(rotation.scheduledFor, preference?.noticeLeadDays ?? [], now);
  if (lead === null) return 0;
  await enqueueWebhookEvent(db, {
    orgId: license.orgId,
    type: "rotation.upcoming",
    data: { licenseId: rotation.licenseId, rotationId: rotation.id, rotatesAt: rotation.scheduledFor.toISOString(), overlapMinutes: rotation.overlapMinutes, leadDays: lead, newKeyReady: rotation.state === "issued" },
    dedupeKey: `webhook:rotation.upcoming:${rotation.id}:${lead}`,
    now,
  });
  let sent = 0;
  for (const to of await findNoticeRecipients(db, license.orgId)) {
    const email = rotationNoticeEmail({
      to,
      productName: license.productName,
      editionName: license.editionName,
      rotatesAt: rotation.scheduledFor,
      timeZone: preference?.timeZone ?? "UTC",
      overlapMinutes: rotation.overlapMinutes,
      licenseUrl: `${portalUrl}/licenses/${rotation.licenseId}#key`,
      isNewKeyReady: rotation.state === "issued",
    });
    const result = await sendEmail(db, mailer, { email, dedupeKey: `rotation-notice:${rotation.id}:${lead}:${to}`, orgId: license.orgId, now });
    if (result.created) sent += 1;
  }
  return sent;
}
