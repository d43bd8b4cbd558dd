import type { Executor } from "@/lib/db";
import {
  enqueueEmails,
  findNoticeRecipientsByLicense,
  findNoticeRecipientsByOrg,
  rotationDigestEmail,
  rotationNoticeEmail,
  type SendEmailInput,
} from "@/lib/notify";
import { dueNoticeLead } from "@/lib/notify/due-notice-lead";
import { enqueueWebhookEvents } from "@/lib/notify/channels";
import { countKeyAdoption } from "./count-key-adoption";
import { countUpcomingRotationWindows, rotationWindowKey, type RotationWindowCount } from "./count-rotation-windows";
import { findNoticeFactsForLicenses } from "./find-notice-facts";
import { licensePath, rotationActionPath } from "./rotation-links";
import { isNewKeyIssued, isUpcoming, type Rotation } from "./rotation-transitions";

/** The digests (window and lead time) queued in a worker pass so far. */
export interface DigestLedger {
  has(digestKey: string): boolean;
  add(digestKey: string): void;
}

/**
 * Queues each scheduled rotation's upcoming-rotation notice that is due, once per person, in the
 * caller's transaction: the worker's, which also moves the rotation's next time past this notice,
 * so the notice exists if and only if that commits (the outbox delivers it). When an
 * organisation has several keys rotating in the same window, its people get one digest for the
 * window instead of one email per license (a fleet of thousands would otherwise mean thousands of
 * emails to the same owner); a lone rotation gets its own notice with its one-click links. The
 * dedupe keys — (rotation, lead, recipient), or (organisation, window, lead, number of keys,
 * recipient) — mean retries and a second worker never send one twice, while a window that gained
 * or lost keys since its digest gets an updated one. Webhooks stay one per rotation (machines want
 * each license). Returns how many emails were new.
 */
export async function enqueueDueRotationNotices(
  db: Executor,
  batch: readonly Rotation[],
  {
    now,
    portalUrl,
    windowCounts = new Map(),
    digestsQueued,
  }: {
    now: Date;
    portalUrl: string;
    /** Windows already counted in this pass: a fleet's window is counted once, not once per page. */
    windowCounts?: Map<string, Promise<RotationWindowCount | undefined>>;
    /**
     * Digests already queued by another transaction of this pass. A batch that queues a digest
     * holds its outbox row until it commits, and every later batch of the window inserting the
     * same row waits for that commit; so a digest goes out from the first batch only. The pass
     * forgets a claim whose transaction fails, and the retry of those rotations queues it.
     */
    digestsQueued?: DigestLedger;
  },
): Promise<number> {
  const upcoming = batch.filter((rotation) => rotation.kind === "scheduled" && isUpcoming(rotation));
  if (upcoming.length === 0) return 0;
  const factsOf = await findNoticeFactsForLicenses(
    db,
    upcoming.map((rotation) => rotation.licenseId),
  );
  const due = upcoming.flatMap((rotation) => {
    const facts = factsOf.get(rotation.licenseId);
    const lead = facts ? dueNoticeLead(rotation.scheduledFor, facts.noticeLeadDays, now) : null;
    return facts && lead !== null ? [{ rotation, facts, lead }] : [];
  });
  if (due.length === 0) return 0;
  await enqueueWebhookEvents(
    db,
    due.map(({ rotation, facts, lead }) => ({
      orgId: facts.orgId,
      type: "rotation.upcoming" as const,
      data: {
        licenseId: rotation.licenseId,
        rotationId: rotation.id,
        rotatesAt: rotation.scheduledFor.toISOString(),
        overlapMinutes: rotation.overlapMinutes,
        leadDays: lead,
        newKeyReady: isNewKeyIssued(rotation),
      },
      dedupeKey: `webhook:rotation.upcoming:${rotation.id}:${lead}`,
      now,
    })),
  );
  // A notice about one license goes to its chosen channels; a digest about several, to the organisation's.
  const [recipientsOf, licenseRecipientsOf] = await Promise.all([
    findNoticeRecipientsByOrg(
      db,
      due.map(({ facts }) => facts.orgId),
    ),
    findNoticeRecipientsByLicense(
      db,
      due.map(({ rotation, facts }) => ({ orgId: facts.orgId, licenseId: rotation.licenseId })),
    ),
  ]);
  const windowsDue = new Map(
    due.map(({ rotation, facts }) => [
      rotationWindowKey(facts.orgId, rotation.scheduledFor),
      { orgId: facts.orgId, scheduledFor: rotation.scheduledFor },
    ]),
  );
  const uncounted = [...windowsDue].filter(([key]) => !windowCounts.has(key));
  if (uncounted.length > 0) {
    // Batches stepped side by side wait for one count of a window instead of each counting it.
    const counting = countUpcomingRotationWindows(
      db,
      uncounted.map(([, window]) => window),
    );
    for (const [key] of uncounted)
      windowCounts.set(
        key,
        counting.then((counts) => counts.get(key)),
      );
    counting.catch(() => {
      for (const [key] of uncounted) windowCounts.delete(key);
    });
  }
  const windows = new Map(
    await Promise.all([...windowsDue.keys()].map(async (key) => [key, await windowCounts.get(key)] as const)),
  );
  const isInDigest = ({ rotation, facts }: (typeof due)[number]) =>
    (windows.get(rotationWindowKey(facts.orgId, rotation.scheduledFor))?.licenseCount ?? 1) > 1;
  const digests = new Map(
    due
      .filter(isInDigest)
      .map((notice) => [
        `${rotationWindowKey(notice.facts.orgId, notice.rotation.scheduledFor)}/${notice.lead}`,
        notice,
      ]),
  );
  const single = due.filter((notice) => !isInDigest(notice));
  const adoptionOf = await countKeyAdoption(
    db,
    single.map(({ rotation }) => rotation),
  );
  const emails: SendEmailInput[] = [];
  for (const { rotation, facts, lead } of single) {
    const { onNewKey, onOldKey, notSeen } = adoptionOf.get(rotation.id)!;
    const link = { licenseId: rotation.licenseId, rotationId: rotation.id, scheduledFor: rotation.scheduledFor };
    for (const to of licenseRecipientsOf.get(rotation.licenseId)!) {
      emails.push({
        email: rotationNoticeEmail({
          to,
          productName: facts.productName,
          editionName: facts.editionName,
          rotatesAt: rotation.scheduledFor.toISOString(),
          timeZone: facts.timeZone,
          overlapMinutes: rotation.overlapMinutes,
          isNewKeyReady: isNewKeyIssued(rotation),
          licenseUrl: `${portalUrl}${licensePath(rotation.licenseId)}#key`,
          rotateNowUrl: `${portalUrl}${rotationActionPath("rotate-now", link)}`,
          postponeUrl: `${portalUrl}${rotationActionPath("postpone", link)}`,
          adoption: { onNewKey, onOldKey, notSeen },
          // Before its new key is out the license page has no adoption view yet: its devices are the list.
          adoptionUrl: `${portalUrl}${licensePath(rotation.licenseId)}${isNewKeyIssued(rotation) ? "#adoption" : "/devices"}`,
        }),
        dedupeKey: `rotation-notice:${rotation.id}:${lead}:${to}`,
        orgId: facts.orgId,
        now,
      });
    }
  }
  for (const [digestKey, { rotation, facts, lead }] of digests) {
    if (digestsQueued?.has(digestKey)) continue;
    digestsQueued?.add(digestKey);
    const window = windows.get(rotationWindowKey(facts.orgId, rotation.scheduledFor))!;
    const rotatesAt = rotation.scheduledFor.toISOString();
    for (const to of recipientsOf.get(facts.orgId)!) {
      emails.push({
        email: rotationDigestEmail({
          to,
          rotatesAt,
          timeZone: facts.timeZone,
          licenseCount: window.licenseCount,
          devicesToUpdate: window.devicesToUpdate,
          products: window.products,
          licensesUrl: `${portalUrl}/`,
        }),
        dedupeKey: `rotation-digest:${facts.orgId}:${rotatesAt}:${lead}:${window.licenseCount}:${to}`,
        orgId: facts.orgId,
        now,
      });
    }
  }
  return enqueueEmails(db, emails);
}
