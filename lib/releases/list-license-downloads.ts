import type { OrgCtx } from "@/lib/context";
import { artifactFor, listEntitledReleases, loadLicenseForReleases } from "./license-releases";
import { renderReleaseNotes } from "./render-release-notes";

/** A platform guessed from a browser's User-Agent: it only orders the page, it decides nothing. */
export function platformOfUserAgent(userAgent: string | null): "linux" | "macos" | "windows" | null {
  if (!userAgent) return null;
  if (/Windows/i.test(userAgent)) return "windows";
  if (/Mac OS X|Macintosh/i.test(userAgent)) return "macos";
  if (/Linux|X11/i.test(userAgent)) return "linux";
  return null;
}

/**
 * The Downloads page of one license (issue 19): exactly the releases it entitles, newest first,
 * notes rendered safely, and the newest with a file for the customer's platform picked out first.
 * Another organisation's license is a 404.
 */
export async function listLicenseDownloads(ctx: OrgCtx, licenseId: string, { platform }: { platform: string | null }) {
  const license = await loadLicenseForReleases(ctx.db, licenseId, ctx.orgId, ctx.now());
  const releases = (await listEntitledReleases(ctx.db, license, { now: ctx.now() })).map((release) => ({
    ...release,
    notesHtml: renderReleaseNotes(release.notes),
  }));
  const stable = releases.filter((release) => release.channel === "stable");
  const latest = platform ? (stable.find((release) => artifactFor(release, platform)) ?? null) : null;
  return {
    releases,
    latestForPlatform: latest ? { release: latest, artifact: artifactFor(latest, platform!)! } : null,
  };
}
