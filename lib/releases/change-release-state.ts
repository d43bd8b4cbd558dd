import type { StaffCtx } from "@/lib/context";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import type { ReleaseActionInput } from "@/lib/validations/releases";
import { findRelease } from "./find-release";
import { releaseMachine, transitionRelease } from "./release-transitions";
import { Conflict } from "@/lib/errors";
import { enqueueReleaseNotices } from "./enqueue-release-notices";

/**
 * Publishing makes a release visible to every license it entitles, and tells the opted-in ones
 * (lib/releases/enqueue-release-notices.ts); a release without files has nothing to offer, so it
 * stays a draft. `portalUrl` (REKEY_PUBLIC_URL) is where the notices link to.
 */
export async function publishRelease(ctx: StaffCtx, input: ReleaseActionInput, { portalUrl }: { portalUrl: string }) {
  return ctx.db.transaction(async (tx) => {
    const release = await findRelease(tx, input.releaseId);
    assertAction(releaseMachine, "publish", release, viewerOf(ctx));
    if (release.artifacts.length === 0) throw new Conflict("Add at least one file before publishing this release.");
    await transitionRelease(tx, ctx, release, "published", {
      reason: input.reason,
      data: { reasonCategory: input.reasonCategory },
    });
    const published = await findRelease(tx, release.id);
    await enqueueReleaseNotices(tx, published, { now: ctx.now(), portalUrl });
    return published;
  });
}

/** Yanking withdraws a release: never "latest" again, and downloadable only if the vendor kept it so. */
export async function yankRelease(ctx: StaffCtx, input: ReleaseActionInput) {
  return ctx.db.transaction(async (tx) => {
    const release = await findRelease(tx, input.releaseId);
    assertAction(releaseMachine, "yank", release, viewerOf(ctx));
    await transitionRelease(tx, ctx, release, "yanked", {
      reason: input.reason,
      data: { reasonCategory: input.reasonCategory, keepsYankedDownloads: release.keepsYankedDownloads },
    });
    return findRelease(tx, release.id);
  });
}
