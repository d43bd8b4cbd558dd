import type { Db } from "@/lib/db";
import { findNoticeRecipients, rotationNoticeEmail, sendEmail, type Mailer } from "@/lib/notify";
import { dueNoticeLead } from "@/lib/notify/due-notice-lead";
import { enqueueWebhookEvent } from "@/lib/notify/channels";
import { findNoticeFacts } from "./find-notice-facts";
import { licensePath, rotationActionPath } from "./rotation-links";
import type { Rotation } from "./rotation-transitions";

/**
 * Sends the upcoming-rotation notice that is due, once per person: the outbox dedupe key is
 * (rotation, lead time, recipient), so retries and a second worker never send it twice.
 */
export async function sendDueRotationNotice(db: Db, rotation: Rotation, { now, mailer, portalUrl }: { now: Date; mailer: Mailer; portalUrl: string }): Promise<number> {
  if (rotation.kind !== "scheduled" || !["planned", "notified", "issued"].includes(rotation.state)) return 0;
  const facts = await findNoticeFacts(db, rotation.licenseId);
  if (!facts) return 0;
  const lead = dueNoticeLead(rotation.scheduledFor, facts.noticeLeadDays, now);
  if (lead === null) return 0;
  await enqueueWebhookEvent(db, {
    orgId: facts.orgId,
    type: "rotation.upcoming",
    data: { licenseId: rotation.licenseId, rotationId: rotation.id, rotatesAt: rotation.scheduledFor.toISOString(), overlapMinutes: rotation.overlapMinutes, leadDays: lead, newKeyReady: rotation.state === "issued" },
    dedupeKey: `webhook:rotation.upcoming:${rotation.id}:${lead}`,
    now,
  });
  const link = { licenseId: rotation.licenseId, rotationId: rotation.id, scheduledFor: rotation.scheduledFor };
  let sent = 0;
  for (const to of await findNoticeRecipients(db, facts.orgId)) {
    const email = rotationNoticeEmail({
      to,
      productName: facts.productName,
      editionName: facts.editionName,
      rotatesAt: rotation.scheduledFor.toISOString(),
      timeZone: facts.timeZone,
      overlapMinutes: rotation.overlapMinutes,
      isNewKeyReady: rotation.state === "issued",
      licenseUrl: `${portalUrl}${licensePath(rotation.licenseId)}#key`,
      rotateNowUrl: `${portalUrl}${rotationActionPath("rotate-now", link)}`,
      postponeUrl: `${portalUrl}${rotationActionPath("postpone", link)}`,
    });
    const result = await sendEmail(db, mailer, { email, dedupeKey: `rotation-notice:${rotation.id}:${lead}:${to}`, orgId: facts.orgId, now });
    if (result.created) sent += 1;
  }
  return sent;
}
