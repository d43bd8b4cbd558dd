import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { releases } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, type TransitionTable, type Viewer } from "@/lib/state-machine";

export type ReleaseState = (typeof releases.state.enumValues)[number];

/**
 * draft (staff only, artifacts being added) → published (customers entitled to it see it) →
 * yanked (withdrawn: never "latest" again; downloadable only by exact link when the vendor keeps it so).
 */
export const releaseTransitions: TransitionTable<ReleaseState> = {
  draft: ["published"],
  published: ["yanked"],
  yanked: [],
};

type ReleaseRow = { state: ReleaseState; keepsYankedDownloads: boolean };

/** Offered to customers: listed, counted as "latest", answered by the upgrade check. */
export const isOffered = (release: ReleaseRow) => release.state === "published";
/** Its files may still be fetched by a link: offered, or yanked while the vendor keeps it downloadable. */
export const isDownloadable = (release: ReleaseRow) =>
  release.state === "published" || (release.state === "yanked" && release.keepsYankedDownloads);

const isAdmin = (viewer: Viewer) => viewer.type === "system" || (viewer.type === "staff" && viewer.role === "admin");

/** The release page's controls and the use cases' refusals, from one table. */
export const releaseMachine = defineMachine({
  transitions: releaseTransitions,
  stateOf: (release: ReleaseRow) => release.state,
  actions: {
    addArtifact: {
      from: ["draft"],
      allowed: isAdmin,
      forbidden: "Only admins can add files to a release.",
      refuse: (state) => new Conflict(`Files are added while a release is a draft; this one is ${state}.`),
    },
    publish: {
      from: ["draft"],
      allowed: isAdmin,
      forbidden: "Only admins can publish releases.",
      refuse: (state) => new Conflict(`Only a draft can be published; this release is ${state}.`),
    },
    yank: {
      from: ["published"],
      allowed: isAdmin,
      forbidden: "Only admins can yank releases.",
      refuse: (state) => new Conflict(`Only a published release can be yanked; this one is ${state}.`),
    },
  },
});
export type ReleaseAction = keyof typeof releaseMachine.actions;

/** The only place a release changes state: guarded update + audit event, same transaction. */
export async function transitionRelease(
  tx: Tx,
  ctx: Ctx,
  release: { id: string; productId: string; version: string; channel: string; state: ReleaseState },
  to: ReleaseState,
  { reason, data = {} }: { reason?: string; data?: Record<string, unknown> } = {},
): Promise<void> {
  assertTransition(releaseTransitions, release.state, to, `Release ${release.version}`);
  const now = ctx.now();
  const updated = await tx
    .update(releases)
    .set({ state: to, ...(to === "published" ? { releasedAt: now } : { yankedAt: now }) })
    .where(and(eq(releases.id, release.id), eq(releases.state, release.state)))
    .returning({ id: releases.id });
  if (updated.length === 0)
    throw new Conflict(`Release ${release.version} changed while we were working on it; try again.`);
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    action: `release.${to}`,
    subjectType: "release",
    subjectId: release.id,
    reason,
    data: {
      from: release.state,
      to,
      productId: release.productId,
      version: release.version,
      channel: release.channel,
      ...data,
    },
  });
}
