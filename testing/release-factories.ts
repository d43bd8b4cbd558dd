/**
 * Releases for tests (issue 19): a product's release made, filled and published the way an admin
 * does it, through the use cases, with its files in a store of the test's own.
 */
import { Readable } from "node:stream";
import type { Db } from "@/lib/db";
import {
  createDiskArtifactStore,
  createRelease,
  publishRelease,
  uploadArtifact,
  type ArtifactStore,
} from "@/lib/releases";
import type { SigningService } from "@/lib/signing";
import { createReleaseSchema } from "@/lib/validations/releases";
import { fixedNow, makeUser, staffCtx } from "./factories";
import { scratchDir } from "./scratch-dir";

export const RELEASE_ISSUER = "http://localhost:3000/";
/** Where release notices link to in tests (REKEY_PUBLIC_URL in the app). */
export const RELEASE_PORTAL_URL = "https://portal.example";
const reason = { reason: "release for the test", reasonCategory: "other" };

export const temporaryArtifactStore = (): ArtifactStore => createDiskArtifactStore(scratchDir("artifacts-"));

export async function releaseAdmin(db: Db, now = fixedNow()) {
  return staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
}

/** A published release with one file per entry of `files` (`platform/arch` → bytes). */
export async function makePublishedRelease(
  db: Db,
  {
    productId,
    version,
    channel = "stable",
    requiredEditionId = null,
    keepsYankedDownloads = false,
    files = { "linux/x64": Buffer.from(`build ${version}`) },
    now = fixedNow(),
  }: {
    productId: string;
    version: string;
    channel?: string;
    requiredEditionId?: string | null;
    keepsYankedDownloads?: boolean;
    files?: Record<string, Buffer>;
    now?: () => Date;
  },
  { store, signer }: { store: ArtifactStore; signer: SigningService },
) {
  const admin = await releaseAdmin(db, now);
  const release = await createRelease(
    admin,
    createReleaseSchema.parse({
      ...reason,
      productId,
      version,
      channel,
      notes: `## ${version}\n\nFixes.`,
      requiredEditionId: requiredEditionId ?? "",
      keepsYankedDownloads,
    }),
  );
  for (const [target, bytes] of Object.entries(files)) {
    const [platform, arch] = target.split("/");
    await uploadArtifact(
      admin,
      {
        releaseId: release.id,
        platform: platform as "linux",
        arch: arch as "x64",
        fileName: `app-${version}-${platform}-${arch}.tar.gz`,
      },
      Readable.from([bytes]),
      { store, signer, issuer: RELEASE_ISSUER },
    );
  }
  return {
    admin,
    release: await publishRelease(
      admin,
      { ...reason, reasonCategory: "other" as const, releaseId: release.id },
      { portalUrl: RELEASE_PORTAL_URL },
    ),
  };
}
