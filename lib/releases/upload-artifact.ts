import { randomUUID, createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import { products, releaseArtifacts, releases } from "@/lib/db/schema";
import { Conflict, InvalidInput } from "@/lib/errors";
import type { SigningService } from "@/lib/signing";
import { assertAction } from "@/lib/state-machine";
import type { ArtifactUploadInput } from "@/lib/validations/releases";
import type { ArtifactStore } from "./artifact-store";
import { findRelease } from "./find-release";
import { MAX_ARTIFACT_BYTES } from "./release-policy";
import { releaseMachine } from "./release-transitions";
import { signArtifactDigest } from "./sign-artifact-digest";

export interface ArtifactDeps {
  store: ArtifactStore;
  signer: SigningService;
  /** `iss` of the signed digest. */
  issuer: string;
}

/**
 * Adds a file to a draft release: the body streams through a SHA-256 and a byte count into the
 * store (never whole in memory, issue 19), then the digest is signed into a JWS the JWKS verifies.
 * A stream past MAX_ARTIFACT_BYTES is cut off; a failed upload leaves no bytes and no row.
 */
export async function uploadArtifact(ctx: StaffCtx, input: ArtifactUploadInput, body: Readable, deps: ArtifactDeps) {
  const release = await findRelease(ctx.db, input.releaseId);
  assertAction(releaseMachine, "addArtifact", release, viewerOf(ctx));
  const taken = release.artifacts.find(
    (artifact) => artifact.platform === input.platform && artifact.arch === input.arch,
  );
  if (taken) throw new Conflict(`This release has a ${input.platform} ${input.arch} file already.`);

  const artifactId = randomUUID();
  const storageKey = `releases/${release.id}/${artifactId}`;
  const digest = createHash("sha256");
  let sizeBytes = 0;
  const measured = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > MAX_ARTIFACT_BYTES) {
        done(
          new InvalidInput("The file is too large.", {
            body: [`Files are at most ${MAX_ARTIFACT_BYTES / 1024 ** 3} GiB.`],
          }),
        );
        return;
      }
      digest.update(chunk);
      done(null, chunk);
    },
  });
  body.on("error", (error) => measured.destroy(error));
  await deps.store.put(storageKey, body.pipe(measured));
  const sha256 = digest.digest("hex");

  try {
    const [product] = await ctx.db
      .select({ code: products.code })
      .from(products)
      .where(eq(products.id, release.productId));
    const signed = await signArtifactDigest(
      deps.signer,
      {
        artifactId,
        productId: release.productId,
        productCode: product!.code,
        requiredEditionId: release.requiredEditionId,
        version: release.version,
        channel: release.channel,
        platform: input.platform,
        arch: input.arch,
        fileName: input.fileName,
        sizeBytes,
        sha256,
      },
      { issuer: deps.issuer, now: ctx.now() },
    );
    return await ctx.db.transaction(async (tx) => {
      // The upload took a while: the release must still be a draft, and stay one until this file is in.
      const [current] = await tx
        .select({ state: releases.state, keepsYankedDownloads: releases.keepsYankedDownloads })
        .from(releases)
        .where(eq(releases.id, release.id))
        .for("update");
      if (!current) throw new Conflict("The release was removed while the file was uploading.");
      assertAction(releaseMachine, "addArtifact", current, viewerOf(ctx));
      const [artifact] = await tx
        .insert(releaseArtifacts)
        .values({
          id: artifactId,
          releaseId: release.id,
          platform: input.platform,
          arch: input.arch,
          fileName: input.fileName,
          sizeBytes,
          sha256,
          storageKey,
          signature: signed.token,
          signingKid: signed.kid,
          createdAt: ctx.now(),
        })
        .onConflictDoNothing()
        .returning();
      if (!artifact) throw new Conflict(`This release has a ${input.platform} ${input.arch} file already.`);
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: ctx.now(),
        action: "release_artifact.uploaded",
        subjectType: "release",
        subjectId: release.id,
        data: {
          artifactId,
          platform: input.platform,
          arch: input.arch,
          fileName: input.fileName,
          sizeBytes,
          sha256,
          kid: signed.kid,
        },
      });
      const { storageKey: _hidden, ...visible } = artifact;
      return visible;
    });
  } catch (error) {
    await deps.store.remove(storageKey);
    throw error;
  }
}
