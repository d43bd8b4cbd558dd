import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { releaseArtifacts, releases } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/** What anyone may see of a file: never its storage key. */
export const ARTIFACT_COLUMNS = {
  id: releaseArtifacts.id,
  platform: releaseArtifacts.platform,
  arch: releaseArtifacts.arch,
  fileName: releaseArtifacts.fileName,
  sizeBytes: releaseArtifacts.sizeBytes,
  sha256: releaseArtifacts.sha256,
  signature: releaseArtifacts.signature,
};

/** A release with its files, for staff (releases belong to the vendor; customers see them through their licenses). */
export async function findRelease(db: Executor, releaseId: string) {
  const [release] = await db.select().from(releases).where(eq(releases.id, releaseId));
  if (!release) throw new NotFound("Release not found.");
  const artifacts = await db
    .select({ ...ARTIFACT_COLUMNS, downloadCount: releaseArtifacts.downloadCount })
    .from(releaseArtifacts)
    .where(eq(releaseArtifacts.releaseId, release.id))
    .orderBy(releaseArtifacts.platform, releaseArtifacts.arch);
  return { ...release, artifacts };
}
export type ReleaseDetail = Awaited<ReturnType<typeof findRelease>>;
