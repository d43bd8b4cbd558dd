import { isExpired, isLive, type LicenseStatus } from "@/lib/licensing";

/** What decides which releases a license may download. */
export interface LicenseForReleases {
  productId: string;
  editionId: string;
  featureIds: readonly string[];
  status: LicenseStatus;
  expiresAt: Date | null;
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
 * keeps what was released before it expired ("maintain access", the way perpetual-fallback
 * licenses work), never what came later; a suspended or revoked one gets nothing.
 */
export function entitlesRelease(license: LicenseForReleases, release: ReleaseRequirement, now: Date): boolean {
  if (release.productId !== license.productId) return false;
  if (release.requiredEditionId && release.requiredEditionId !== license.editionId) return false;
  if (release.requiredFeatureId && !license.featureIds.includes(release.requiredFeatureId)) return false;
  const hasExpired = isExpired(license.status) || (license.expiresAt !== null && license.expiresAt <= now);
  if (hasExpired)
    return release.releasedAt !== null && license.expiresAt !== null && release.releasedAt < license.expiresAt;
  return isLive(license);
}
