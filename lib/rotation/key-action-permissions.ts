import type { OrgCtx } from "@/lib/context";
import { Forbidden } from "@/lib/errors";
import { getKeyActionDelegation } from "@/lib/orgs/set-key-action-delegation";

/** What the portal says where a member may not stop a working key (issue 24, finding 8). */
export const OWNER_ONLY_KEY_ACTIONS_RULE =
  "Only owners can replace a leaked key or roll back a rotation (owners can allow members in Settings → Security).";

export interface KeyActions {
  /**
   * Replace a leaked key (revokes the active key at once) and roll back a rotation (retires the
   * key just issued): both stop a key software may be using right now, like revoking a license,
   * so they are an owner's call unless an owner lets members take them.
   */
  mayStopWorkingKeys: boolean;
}

/** The key actions this person may take in their organisation; pages render from it, use cases enforce it. */
export async function keyActionsFor(ctx: OrgCtx): Promise<KeyActions> {
  if (ctx.memberRole === "owner") return { mayStopWorkingKeys: true };
  return { mayStopWorkingKeys: (await getKeyActionDelegation(ctx)).membersMayManageKeys };
}

export async function assertMayStopWorkingKeys(ctx: OrgCtx): Promise<void> {
  if (!(await keyActionsFor(ctx)).mayStopWorkingKeys) throw new Forbidden(OWNER_ONLY_KEY_ACTIONS_RULE);
}
