import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { isAnyOf } from "@/lib/db/json-rows";
import { editions, licenses, products } from "@/lib/db/schema";
import { findNoticeRecipients, licenseNoticeEmail, sendEmail, type LicenseNoticeKind, type Mailer } from "@/lib/notify";

/** What use cases that tell the customer something need: configuration, passed in. */
export interface NoticeDeps {
  mailer: Mailer;
  /** Base of the links in notices, without a trailing slash. */
  portalUrl: string;
}

/** The organisation and the names a notice about each license uses. */
export async function findLicensesNames(db: Executor, licenseIds: readonly string[]) {
  if (licenseIds.length === 0) return new Map<string, never>();
  const rows = await db
    .select({ licenseId: licenses.id, orgId: licenses.orgId, productName: products.name, editionName: editions.name })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(isAnyOf(licenses.id, licenseIds));
  return new Map(rows.map(({ licenseId, ...names }) => [licenseId, names]));
}

export async function findLicenseNames(db: Executor, licenseId: string) {
  return (await findLicensesNames(db, [licenseId])).get(licenseId) ?? null;
}

/** How an expiry reads in a notice: the UTC day, or "no end date". */
export const describeExpiry = (expiresAt: Date | null) =>
  expiresAt ? `${expiresAt.toISOString().slice(0, 10)} (UTC)` : "no end date";

/**
 * Emails the organisation's owners and verified email channels about a change of the license's
 * standing. Sent after the change commits; one outbox row per recipient and change.
 */
export async function sendLicenseNotice(
  db: Db,
  {
    licenseId,
    kind,
    reason,
    revokesAt,
    change,
    afterTerm,
    now,
  }: {
    licenseId: string;
    kind: LicenseNoticeKind;
    reason: string | null;
    revokesAt?: Date | null;
    change?: { from: string; to: string };
    afterTerm?: string;
    now: Date;
  },
  { mailer, portalUrl }: NoticeDeps,
): Promise<number> {
  const license = await findLicenseNames(db, licenseId);
  if (!license) return 0;
  let sent = 0;
  for (const to of await findNoticeRecipients(db, license.orgId, licenseId)) {
    const email = licenseNoticeEmail({
      to,
      kind,
      reason,
      revokesAt,
      change,
      afterTerm,
      productName: license.productName,
      editionName: license.editionName,
      licenseUrl: `${portalUrl}/licenses/${licenseId}`,
    });
    const result = await sendEmail(db, mailer, {
      email,
      dedupeKey: `license-notice:${licenseId}:${kind}:${now.getTime()}:${to}`,
      orgId: license.orgId,
      now,
    });
    if (result.created) sent += 1;
  }
  return sent;
}
