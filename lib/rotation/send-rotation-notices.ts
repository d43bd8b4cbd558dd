import { forEachConcurrently } from "@/lib/concurrency";
import type { Db } from "@/lib/db";
import { findNoticeRecipientsByOrg, rotationNoticeEmail, sendEmail, type Mailer } from "@/lib/notify";
import { dueNoticeLead } from "@/lib/notify/due-notice-lead";
import { enqueueWebhookEvents } from "@/lib/notify/channels";
import { findNoticeFactsForLicenses } from "./find-notice-facts";
import { licensePath, rotationActionPath } from "./rotation-links";
import { UPCOMING_ROTATION_STATES, type Rotation } from "./rotation-transitions";

/**
 * Sends each scheduled rotation's upcoming-rotation notice that is due, once per person: the outbox
 * dedupe key is (rotation, lead time, recipient), so retries and a second worker never send it
 * twice. The facts for the whole batch are read together; only the emails go one by one (each is a
 * call to the provider), a few at a time. Returns how many emails were new.
 */
export async function sendDueRotationNotices(
  db: Db,
  batch: readonly Rotation[],
  { now, mailer, portalUrl, concurrency = 4 }: { now: Date; mailer: Mailer; portalUrl: string; concurrency?: number },
): Promise<number> {
  const upcoming = batch.filter((rotation) => rotation.kind === "scheduled" && UPCOMING_ROTATION_STATES.includes(rotation.state));
  if (upcoming.length === 0) return 0;
  const factsOf = await findNoticeFactsForLicenses(db, upcoming.map((rotation) => rotation.licenseId));
  const due = upcoming.flatMap((rotation) => {
    const facts = factsOf.get(rotation.licenseId);
    const lead = facts ? dueNoticeLead(rotation.scheduledFor, facts.noticeLeadDays, now) : null;
    return facts && lead !== null ? [{ rotation, facts, lead }] : [];
  });
  await enqueueWebhookEvents(
    db,
    due.map(({ rotation, facts, lead }) => ({
      orgId: facts.orgId,
      type: "rotation.upcoming" as const,
      data: { licenseId: rotation.licenseId, rotationId: rotation.id, rotatesAt: rotation.scheduledFor.toISOString(), overlapMinutes: rotation.overlapMinutes, leadDays: lead, newKeyReady: rotation.state === "issued" },
      dedupeKey: `webhook:rotation.upcoming:${rotation.id}:${lead}`,
      now,
    })),
  );
  const recipientsOf = await findNoticeRecipientsByOrg(db, due.map(({ facts }) => facts.orgId));
  const emails = due.flatMap(({ rotation, facts, lead }) => {
    const link = { licenseId: rotation.licenseId, rotationId: rotation.id, scheduledFor: rotation.scheduledFor };
    return recipientsOf.get(facts.orgId)!.map((to) => ({
      email: rotationNoticeEmail({
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
      }),
      dedupeKey: `rotation-notice:${rotation.id}:${lead}:${to}`,
      orgId: facts.orgId,
      now,
    }));
  });
  let sent = 0;
  await forEachConcurrently(emails, concurrency, async (email) => {
    const result = await sendEmail(db, mailer, email);
    if (result.created) sent += 1;
  });
  return sent;
}
