import { inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseKeys } from "@/lib/db/schema";
import {
  dueNoticeLead,
  enqueueEmails,
  findNoticeRecipientsByLicense,
  nextNoticeAt,
  overlapEndingEmail,
  type SendEmailInput,
} from "@/lib/notify";
import { countKeyAdoption } from "./count-key-adoption";
import { findNoticeFactsForLicenses } from "./find-notice-facts";
import { licensePath } from "./rotation-links";
import { isOverlapping, type Rotation } from "./rotation-transitions";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type OverlapTiming = Pick<Rotation, "state" | "kind" | "overlapEndsAt"> & Partial<Pick<Rotation, "overlapMinutes">>;

const hasOverlapToEnd = (rotation: OverlapTiming) =>
  isOverlapping(rotation) && rotation.kind !== "emergency" && rotation.overlapEndsAt !== null;

/**
 * The overlap-ending notices come at the customer's own notice lead times before the old key
 * stops, but only those that fall after the overlap began (a 2-day overlap with leads of 14, 3
 * and 1 days gets the 1-day one), so the notice never arrives together with the switch. An
 * emergency rotation has no overlap to end: its old key was revoked at once.
 */
function overlapEndingLeads(rotation: OverlapTiming, noticeLeadDays: number[]): number[] {
  if (!hasOverlapToEnd(rotation)) return [];
  const overlapMs = (rotation.overlapMinutes ?? 0) * MINUTE_MS;
  return noticeLeadDays.filter((lead) => lead * DAY_MS < overlapMs);
}

/** When the next overlap-ending notice falls due after `now`, or null (none left, or not overlapping). */
export function nextOverlapEndingNoticeAt(rotation: OverlapTiming, noticeLeadDays: number[], now: Date): Date | null {
  const leads = overlapEndingLeads(rotation, noticeLeadDays);
  return leads.length > 0 ? nextNoticeAt(rotation.overlapEndsAt!, leads, now) : null;
}

/**
 * Queues the overlap-ending notice that is due for each rotation of the batch (issue 16, item 9),
 * in the worker's transaction, once per rotation, lead time and person (the outbox dedupe key).
 * It counts who presents which key, so the reader knows how many devices still need the update;
 * when every seated device already presents the new key there is nothing to do, and no email.
 * Returns how many emails were new.
 */
export async function enqueueDueOverlapEndingNotices(
  db: Executor,
  batch: readonly Rotation[],
  { now, portalUrl }: { now: Date; portalUrl: string },
): Promise<number> {
  const ending = batch.filter(hasOverlapToEnd);
  if (ending.length === 0) return 0;
  const factsOf = await findNoticeFactsForLicenses(
    db,
    ending.map((rotation) => rotation.licenseId),
  );
  const due = ending.flatMap((rotation) => {
    const facts = factsOf.get(rotation.licenseId);
    const leads = facts ? overlapEndingLeads(rotation, facts.noticeLeadDays) : [];
    const lead = leads.length > 0 ? dueNoticeLead(rotation.overlapEndsAt!, leads, now) : null;
    return facts && lead !== null ? [{ rotation, facts, lead }] : [];
  });
  if (due.length === 0) return 0;
  const rotationsDue = due.map(({ rotation }) => rotation);
  const oldKeyIds = rotationsDue.flatMap((rotation) => (rotation.oldKeyId ? [rotation.oldKeyId] : []));
  const [adoptionOf, oldKeys, recipientsOf] = await Promise.all([
    countKeyAdoption(db, rotationsDue),
    oldKeyIds.length > 0
      ? db
          .select({ id: licenseKeys.id, prefix: licenseKeys.prefix })
          .from(licenseKeys)
          .where(inArray(licenseKeys.id, oldKeyIds))
      : [],
    findNoticeRecipientsByLicense(
      db,
      due.map(({ rotation, facts }) => ({ orgId: facts.orgId, licenseId: rotation.licenseId })),
    ),
  ]);
  const emails: SendEmailInput[] = [];
  for (const { rotation, facts, lead } of due) {
    const { seated, onNewKey, onOldKey, notSeen } = adoptionOf.get(rotation.id)!;
    if (seated > 0 && onNewKey === seated) continue;
    for (const to of recipientsOf.get(rotation.licenseId)!) {
      emails.push({
        email: overlapEndingEmail({
          to,
          productName: facts.productName,
          editionName: facts.editionName,
          oldKeyPrefix: oldKeys.find((key) => key.id === rotation.oldKeyId)?.prefix ?? null,
          oldKeyStopsAt: rotation.overlapEndsAt!.toISOString(),
          timeZone: facts.timeZone,
          adoption: { onNewKey, onOldKey, notSeen },
          licenseUrl: `${portalUrl}${licensePath(rotation.licenseId)}#key`,
          adoptionUrl: `${portalUrl}${licensePath(rotation.licenseId)}#adoption`,
        }),
        dedupeKey: `rotation-overlap-ending:${rotation.id}:${lead}:${to}`,
        orgId: facts.orgId,
        now,
      });
    }
  }
  return enqueueEmails(db, emails);
}
