import type { Ctx, OrgCtx } from "@/lib/context";
import type { Viewer } from "@/lib/state-machine";

/**
 * The viewer a machine's actions are asked about, for the person (or process) behind `ctx`. Which
 * members may stop working keys is the organisation's setting, not a state question: that stays
 * with lib/rotation/key-action-permissions.ts.
 */
export function viewerOf(ctx: Ctx): Viewer {
  const { actor } = ctx;
  if (actor.type === "staff") return { type: "staff", role: actor.role };
  if (actor.type === "user") return { type: "customer", role: (ctx as OrgCtx).memberRole };
  return { type: "system" };
}
