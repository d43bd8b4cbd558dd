import type { Tx } from "@/lib/db";
import { enqueueEmails, findNoticeRecipientsByLicense, type EmailMessage, type SendEmailInput } from "@/lib/notify";
import { findNoticeFactsForLicenses, type NoticeFacts } from "./find-notice-facts";
import { licensePath } from "./rotation-links";
import type { Rotation } from "./rotation-transitions";

export interface RotationEmail {
  rotation: Pick<Rotation, "id" | "licenseId">;
  compose: (facts: NoticeFacts & { to: string; licenseUrl: string }) => EmailMessage;
}

/**
 * Queues one email per recipient about each rotation's step, in the step's transaction: the email
 * exists if and only if the step committed, and the worker sends it. `event` + rotation + recipient
 * is the dedupe key, so a repeated step queues nothing new.
 */
export async function enqueueRotationEmails(
  tx: Tx,
  { event, now, emails }: { event: string; now: Date; emails: readonly RotationEmail[] },
): Promise<void> {
  if (emails.length === 0) return;
  const factsOf = await findNoticeFactsForLicenses(
    tx,
    emails.map(({ rotation }) => rotation.licenseId),
  );
  const recipientsOf = await findNoticeRecipientsByLicense(
    tx,
    [...factsOf].map(([licenseId, { orgId }]) => ({ orgId, licenseId })),
  );
  const queued: SendEmailInput[] = emails.flatMap(({ rotation, compose }) => {
    const facts = factsOf.get(rotation.licenseId);
    if (!facts) return [];
    const licenseUrl = `${licensePath(rotation.licenseId)}#key`;
    return recipientsOf.get(rotation.licenseId)!.map((to) => ({
      email: compose({ ...facts, to, licenseUrl }),
      dedupeKey: `rotation-email:${event}:${rotation.id}:${to}`,
      orgId: facts.orgId,
      now,
    }));
  });
  await enqueueEmails(tx, queued);
}
