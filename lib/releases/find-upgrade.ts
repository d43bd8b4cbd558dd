import { gt } from "semver";
import type { KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import { findLicenseByKey, keyStanding } from "@/lib/licensing";
import type { UpgradeQuery } from "@/lib/validations/releases";
import { signDownloadLink } from "./download-link";
import { artifactFor, listEntitledReleases, loadLicenseForReleases } from "./license-releases";

/**
 * The client API's update check (issue 19): the newest published release on the channel that the
 * key's license entitles, is newer than the running version, and has a file for the platform; or
 * null (the route answers 204). An expired license is still answered, with what was released
 * before it expired; a key that may not be used at all is refused with validation's code.
 */
export async function findUpgrade(
  db: Db,
  { key, query }: { key: string; query: UpgradeQuery },
  { hasher, now }: { hasher: KeyedHasher; now: Date },
) {
  const row = await findLicenseByKey(db, key, hasher);
  if (!row) throw new Unauthenticated("Send a valid license key as the bearer credential.");
  const standing = keyStanding(row, { now, product: query.product });
  if (standing && standing.code !== "EXPIRED") throw new UpgradeRefused(standing.code);
  const license = await loadLicenseForReleases(db, row.license.id, undefined, now);
  const releases = await listEntitledReleases(db, license, { now, channel: query.channel });
  for (const release of releases) {
    if (!gt(release.version, query.version)) return null;
    const artifact = artifactFor(release, query.platform, query.arch);
    if (!artifact) continue;
    const link = signDownloadLink(hasher, { artifactId: artifact.id, licenseId: license.id }, now);
    return { release, artifact, link };
  }
  return null;
}

/** A key that may not receive updates: the problem's `code` is validation's (REVOKED, SUSPENDED, …). */
export class UpgradeRefused extends Forbidden {
  static readonly kind: string = "UpgradeRefused";
  constructor(readonly code: string) {
    super("This license key cannot receive updates now; validate it for the reason.");
  }
}
