import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseEntitlements, licenses, products, releaseNoticeSubscriptions, type releases } from "@/lib/db/schema";
import { enqueueEmails, findNoticeRecipientsByLicense, releasePublishedEmail } from "@/lib/notify";
import { enqueueWebhookEvents } from "@/lib/notify/channels";
import { entitlesRelease } from "./release-entitlement";

type PublishedRelease = typeof releases.$inferSelect;

/** The opted-in licenses of the release's product, with what entitlement reads. */
async function findSubscribedLicenses(tx: Executor, release: PublishedRelease) {
  const subscribed = await tx
    .select({
      id: licenses.id,
      orgId: licenses.orgId,
      productId: licenses.productId,
      editionId: licenses.editionId,
      status: licenses.status,
      expiresAt: licenses.expiresAt,
    })
    .from(releaseNoticeSubscriptions)
    .innerJoin(licenses, eq(licenses.id, releaseNoticeSubscriptions.licenseId))
    .where(
      and(
        eq(licenses.productId, release.productId),
        release.requiredEditionId ? eq(licenses.editionId, release.requiredEditionId) : undefined,
      ),
    )
    .orderBy(licenses.createdAt, licenses.id);
  const features =
    release.requiredFeatureId && subscribed.length > 0
      ? await tx
          .select({ licenseId: licenseEntitlements.licenseId, featureId: licenseEntitlements.featureId })
          .from(licenseEntitlements)
          .where(
            inArray(
              licenseEntitlements.licenseId,
              subscribed.map((license) => license.id),
            ),
          )
      : [];
  return subscribed.map((license) => ({
    ...license,
    // A release published now came after any expiry, which no grace or kept access reaches back to.
    graceEndsAt: null,
    keptAfterExpiry: null,
    featureIds: features.filter((row) => row.licenseId === license.id).map((row) => row.featureId),
  }));
}

/**
 * Tells the people of every opted-in license the release entitles that it is out (issue 19,
 * Notifications), in the publishing transaction (the outbox: notices exist if and only if the
 * release is published). Webhooks: one signed `release.published` event per license, so each
 * license's channel choice applies. Email: one per person per organisation and release, to the
 * license's notice audience (owners and its chosen channels), linking to a Downloads page built on
 * `portalUrl` (REKEY_PUBLIC_URL). Nothing a license is not entitled to is announced to it.
 */
export async function enqueueReleaseNotices(
  tx: Executor,
  release: PublishedRelease,
  { now, portalUrl }: { now: Date; portalUrl: string },
): Promise<{ licenses: number; emails: number }> {
  const entitled = (await findSubscribedLicenses(tx, release)).filter((license) =>
    entitlesRelease(license, release, now),
  );
  if (entitled.length === 0) return { licenses: 0, emails: 0 };
  const [product] = await tx.select({ name: products.name }).from(products).where(eq(products.id, release.productId));
  const releasedAt = (release.releasedAt ?? now).toISOString();
  const downloadsUrl = (licenseId: string) => `${portalUrl}/licenses/${licenseId}/downloads`;
  await enqueueWebhookEvents(
    tx,
    entitled.map((license) => ({
      orgId: license.orgId,
      type: "release.published" as const,
      data: {
        licenseId: license.id,
        productId: release.productId,
        releaseId: release.id,
        version: release.version,
        channel: release.channel,
        releasedAt,
        downloadsUrl: downloadsUrl(license.id),
      },
      dedupeKey: `webhook:release.published:${release.id}:${license.id}`,
      now,
    })),
  );
  const recipients = await findNoticeRecipientsByLicense(
    tx,
    entitled.map((license) => ({ orgId: license.orgId, licenseId: license.id })),
  );
  const byPerson = new Map<string, { orgId: string; to: string; licenseIds: string[] }>();
  for (const license of entitled)
    for (const to of recipients.get(license.id) ?? []) {
      const key = `${license.orgId}:${to}`;
      const person = byPerson.get(key) ?? { orgId: license.orgId, to, licenseIds: [] };
      person.licenseIds.push(license.id);
      byPerson.set(key, person);
    }
  const emails = await enqueueEmails(
    tx,
    [...byPerson.values()].map(({ orgId, to, licenseIds }) => ({
      email: releasePublishedEmail({
        to,
        productName: product?.name ?? "Your software",
        version: release.version,
        channel: release.channel,
        releasedAt,
        licenseCount: licenseIds.length,
        downloadsUrl: downloadsUrl(licenseIds[0]!),
      }),
      dedupeKey: `release-published:${release.id}:${orgId}:${to}`,
      orgId,
      now,
    })),
  );
  return { licenses: entitled.length, emails };
}
