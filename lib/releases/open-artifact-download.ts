import type { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Actor } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { releaseArtifacts } from "@/lib/db/schema";
import type { OrgCtx } from "@/lib/context";
import type { ArtifactStore } from "./artifact-store";
import { parseByteRange, rangeStillApplies } from "./byte-range";
import { readDownloadLink, signDownloadLink } from "./download-link";
import { assertMayDownload, findArtifactForDownload, loadLicenseForReleases } from "./license-releases";

/** A fresh download link for a customer's entitled artifact (the Downloads page's links mint one per click). */
export async function issueDownloadLink(
  ctx: OrgCtx,
  { licenseId, artifactId }: { licenseId: string; artifactId: string },
  { hasher }: { hasher: KeyedHasher },
) {
  const license = await loadLicenseForReleases(ctx.db, licenseId, ctx.orgId, ctx.now());
  const { artifact, release } = await findArtifactForDownload(ctx.db, artifactId);
  assertMayDownload(license, release, ctx.now());
  return { ...signDownloadLink(hasher, { artifactId: artifact.id, licenseId: license.id }, ctx.now()), artifact };
}

/** The signed digest of an entitled artifact, for the customer to check the file offline. */
export async function findArtifactSignature(
  ctx: OrgCtx,
  { licenseId, artifactId }: { licenseId: string; artifactId: string },
) {
  const license = await loadLicenseForReleases(ctx.db, licenseId, ctx.orgId, ctx.now());
  const { artifact, release } = await findArtifactForDownload(ctx.db, artifactId);
  assertMayDownload(license, release, ctx.now());
  return { fileName: `${artifact.fileName}.jws`, signature: artifact.signature };
}

export type ArtifactDownload =
  | { kind: "unsatisfiable"; sizeBytes: number }
  | {
      kind: "bytes";
      body: Readable;
      isPartial: boolean;
      start: number;
      end: number;
      sizeBytes: number;
      fileName: string;
      /** A strong validator (RFC 9110 §8.8.3): the content's SHA-256, the same for every copy. */
      etag: string;
    };

/**
 * Serves a download link: the link must be ours and current, and the license must still be
 * entitled (a link outlives no suspension, revocation or yank). Resumes honour Range and If-Range;
 * a download counts once, when a client asks for its first byte, and is audited for the customer.
 */
export async function openArtifactDownload(
  db: Db,
  { token, range, ifRange }: { token: string; range: string | null; ifRange: string | null },
  { hasher, store, now }: { hasher: KeyedHasher; store: ArtifactStore; now: Date },
): Promise<ArtifactDownload> {
  const grant = readDownloadLink(hasher, token, now);
  const license = await loadLicenseForReleases(db, grant.licenseId, undefined, now);
  const { artifact, release } = await findArtifactForDownload(db, grant.artifactId);
  assertMayDownload(license, release, now);
  const etag = `"${artifact.sha256}"`;
  const sizeBytes = artifact.sizeBytes;
  const requested = rangeStillApplies(ifRange, etag) ? parseByteRange(range, sizeBytes) : { kind: "whole" as const };
  if (requested.kind === "unsatisfiable") return { kind: "unsatisfiable", sizeBytes };
  const [start, end] = requested.kind === "partial" ? [requested.start, requested.end] : [0, sizeBytes - 1];
  if (start === 0) {
    const actor: Actor = { type: "api", label: "download-link" };
    await db.transaction(async (tx) => {
      await tx
        .update(releaseArtifacts)
        .set({ downloadCount: sql`${releaseArtifacts.downloadCount} + 1` })
        .where(eq(releaseArtifacts.id, artifact.id));
      await appendAuditEvent(tx, {
        actor,
        at: now,
        orgId: license.orgId,
        action: "release_artifact.downloaded",
        subjectType: "license",
        subjectId: license.id,
        data: {
          releaseId: release.id,
          artifactId: artifact.id,
          version: release.version,
          platform: artifact.platform,
          arch: artifact.arch,
        },
      });
    });
  }
  const body = await store.read(artifact.storageKey, sizeBytes === 0 ? undefined : { start, end });
  return {
    kind: "bytes",
    body,
    isPartial: requested.kind === "partial",
    start,
    end,
    sizeBytes,
    fileName: artifact.fileName,
    etag,
  };
}
