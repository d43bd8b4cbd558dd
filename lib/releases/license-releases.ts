import { and, desc, eq, inArray } from "drizzle-orm";
import { rcompare } from "semver";
import type { Executor } from "@/lib/db";
import { editions, features, licenseEntitlements, licenses, releaseArtifacts, releases } from "@/lib/db/schema";
import { accessAfterExpiry } from "@/lib/licensing/expiry-strategy";
import { findExpiryGraceEnd } from "@/lib/licensing/find-expiry-grace-end";
import { NotFound } from "@/lib/errors";
import { ARTIFACT_COLUMNS } from "./find-release";
import { entitlesRelease, type LicenseForReleases } from "./release-entitlement";
import { isDownloadable, isOffered } from "./release-transitions";

/** The license's facts entitlement reads; `orgId` scopes a customer's read (another org's license is a 404). */
export async function loadLicenseForReleases(
  db: Executor,
  licenseId: string,
  orgId: string | undefined,
  now: Date,
): Promise<LicenseForReleases & { id: string; orgId: string }> {
  const [license] = await db
    .select({
      id: licenses.id,
      orgId: licenses.orgId,
      productId: licenses.productId,
      editionId: licenses.editionId,
      status: licenses.status,
      expiresAt: licenses.expiresAt,
      expiryStrategy: editions.expiryStrategy,
      featuresAfterExpiry: editions.featuresAfterExpiry,
    })
    .from(licenses)
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(eq(licenses.id, licenseId), orgId ? eq(licenses.orgId, orgId) : undefined));
  if (!license) throw new NotFound("License not found.");
  const { expiryStrategy, featuresAfterExpiry, ...facts } = license;
  const entitled = await db
    .select({ featureId: licenseEntitlements.featureId, code: features.code })
    .from(licenseEntitlements)
    .innerJoin(features, eq(features.id, licenseEntitlements.featureId))
    .where(eq(licenseEntitlements.licenseId, license.id));
  // The same rule validation answers with (lib/licensing/expiry-strategy.ts), in feature ids.
  const kept = accessAfterExpiry(
    { expiryStrategy, featuresAfterExpiry },
    { entitlements: entitled.map((row) => row.code), expiresAt: license.expiresAt },
  );
  return {
    ...facts,
    featureIds: entitled.map((row) => row.featureId),
    graceEndsAt: await findExpiryGraceEnd(db, license, now),
    keptAfterExpiry: !kept
      ? null
      : kept.strategy === "maintain_access"
        ? { featureIds: "all" }
        : { featureIds: entitled.filter((row) => kept.entitlements.includes(row.code)).map((row) => row.featureId) },
  };
}

export type ArtifactSummary = {
  id: string;
  platform: string;
  arch: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  signature: string;
};

/**
 * The published releases a license entitles, newest version first (Semantic Versioning §11
 * precedence), each with its files; `channel` narrows to one channel. What is not entitled is
 * not listed at all (issue 19).
 */
export async function listEntitledReleases(
  db: Executor,
  license: LicenseForReleases,
  { now, channel }: { now: Date; channel?: string },
) {
  const candidates = await db
    .select()
    .from(releases)
    .where(and(eq(releases.productId, license.productId), channel ? eq(releases.channel, channel) : undefined))
    .orderBy(desc(releases.releasedAt));
  const entitled = candidates.filter((release) => isOffered(release) && entitlesRelease(license, release, now));
  const artifacts =
    entitled.length === 0
      ? []
      : await db
          .select({ ...ARTIFACT_COLUMNS, releaseId: releaseArtifacts.releaseId })
          .from(releaseArtifacts)
          .where(
            inArray(
              releaseArtifacts.releaseId,
              entitled.map((release) => release.id),
            ),
          )
          .orderBy(releaseArtifacts.platform, releaseArtifacts.arch);
  return entitled
    .map(({ id, version, channel, notes, releasedAt }) => ({
      id,
      version,
      channel,
      notes,
      releasedAt: releasedAt!,
      artifacts: artifacts.filter((artifact) => artifact.releaseId === id) as ArtifactSummary[],
    }))
    .sort((a, b) => rcompare(a.version, b.version));
}
export type EntitledRelease = Awaited<ReturnType<typeof listEntitledReleases>>[number];

/** The file for a platform: its own build first, then a universal one (`arch` universal, or platform `any`). */
export function artifactFor(
  release: { artifacts: ArtifactSummary[] },
  platform: string,
  arch?: string,
): ArtifactSummary | undefined {
  const rank = (artifact: ArtifactSummary) => {
    if (artifact.platform === platform && (!arch || artifact.arch === arch)) return 0;
    if (artifact.platform === platform && artifact.arch === "universal") return 1;
    if (artifact.platform === "any") return 2;
    return null;
  };
  return release.artifacts
    .map((artifact) => ({ artifact, rank: rank(artifact) }))
    .filter((candidate) => candidate.rank !== null)
    .sort((a, b) => a.rank! - b.rank!)[0]?.artifact;
}

/** An artifact with what deciding a download needs: its release's rules and where its bytes are. */
export async function findArtifactForDownload(db: Executor, artifactId: string) {
  const [row] = await db
    .select({ artifact: releaseArtifacts, release: releases })
    .from(releaseArtifacts)
    .innerJoin(releases, eq(releases.id, releaseArtifacts.releaseId))
    .where(eq(releaseArtifacts.id, artifactId));
  if (!row) throw new NotFound("No such download.");
  return row;
}

/**
 * Whether this license may fetch this artifact now: the release entitled to it and downloadable
 * (a yanked one only if the vendor kept it so). A refusal is the same 404 as a missing file, so a
 * license of another edition learns nothing of releases it is not entitled to.
 */
export function assertMayDownload(license: LicenseForReleases, release: typeof releases.$inferSelect, now: Date): void {
  if (!isDownloadable(release) || !entitlesRelease(license, release, now)) throw new NotFound("No such download.");
}
