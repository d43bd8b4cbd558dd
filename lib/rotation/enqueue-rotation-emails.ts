import type { Tx } from "@/lib/db";
import { enqueueEmail, findNoticeRecipients, type EmailMessage } from "@/lib/notify";
import { findNoticeFacts, type NoticeFacts } from "./find-notice-facts";
import { licensePath } from "./rotation-links";
import type { Rotation } from "./rotation-transitions";

/**
 * Queues one email per recipient about a rotation step, in the step's transaction: the email exists
 * if and only if the step committed, and the worker sends it. `event` + rotation + recipient is the
 * dedupe key, so a repeated step queues nothing new.
 */
export async function enqueueRotationEmails(
  tx: Tx,
  { rotation, event, now, compose }: { rotation: Pick<Rotation, "id" | "licenseId">; event: string; now: Date; compose: (facts: NoticeFacts & { to: string; licenseUrl: string }) => EmailMessage },
): Promise<void> {
  const facts = await findNoticeFacts(tx, rotation.licenseId);
  if (!facts) return;
  const licenseUrl = `${licensePath(rotation.licenseId)}#key`;
  for (const to of await findNoticeRecipients(tx, facts.orgId)) {
    await enqueueEmail(tx, { email: compose({ ...facts, to, licenseUrl }), dedupeKey: `rotation-email:${event}:${rotation.id}:${to}`, orgId: facts.orgId, now });
  }
}
