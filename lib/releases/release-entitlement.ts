import { isExpired, isLive, type LicenseStatus } from "@/lib/licensing";

/** What decides which releases a license may download. */
export interface LicenseForReleases {
  productId: string;
  editionId: string;
  featureIds: readonly string[];
  status: LicenseStatus;
  expiresAt: Date | null;
  /** While the expiry grace runs (validation still says valid), everything released before the expiry stays. */
  graceEndsAt: Date | null;
  /**
   * What the edition's expiry strategy keeps past the grace (issue 18), as validation's `keptAccess`:
   * `all` (maintain_access), the kept features' ids (restrict), or null (revoke_after_grace).
   */
  keptAfterExpiry: { featureIds: readonly string[] | "all" } | null;
}

export interface ReleaseRequirement {
  productId: string;
  requiredEditionId: string | null;
  requiredFeatureId: string | null;
  releasedAt: Date | null;
}

/**
 * Whether a license entitles its holders to a release (issue 19): same product, the required
 * edition and feature if the release names them, and a license that works. An expired license
 * keeps what was released before it expired during its grace, and past it what its edition's
 * expiry strategy keeps (issue 18, as validation answers): all of it under maintain_access, the
 * releases needing no feature or a kept one under restrict, nothing under revoke_after_grace.
 * Never what came later; a suspended or revoked one gets nothing.
 */
export function entitlesRelease(license: LicenseForReleases, release: ReleaseRequirement, now: Date): boolean {
  if (release.productId !== license.productId) return false;
  if (release.requiredEditionId && release.requiredEditionId !== license.editionId) return false;
  if (release.requiredFeatureId && !license.featureIds.includes(release.requiredFeatureId)) return false;
  const hasExpired = isExpired(license.status) || (license.expiresAt !== null && license.expiresAt <= now);
  if (!hasExpired) return isLive(license);
  const isReleasedBeforeExpiry =
    release.releasedAt !== null && license.expiresAt !== null && release.releasedAt < license.expiresAt;
  if (!isReleasedBeforeExpiry) return false;
  if (license.graceEndsAt && license.graceEndsAt > now) return true;
  const kept = license.keptAfterExpiry?.featureIds;
  if (!kept) return false;
  return kept === "all" || !release.requiredFeatureId || kept.includes(release.requiredFeatureId);
}
