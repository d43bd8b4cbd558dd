import type { OrgCtx } from "@/lib/context";
import { getOrganizationFlag, setOrganizationFlag } from "./organization-flags";

/**
 * Owners decide whether members may take the key actions that stop a working key (replace a
 * leaked key, roll back a rotation); the rule itself is lib/rotation/key-action-permissions.ts.
 */
export async function setKeyActionDelegation(
  ctx: OrgCtx,
  { membersMayManageKeys }: { membersMayManageKeys: boolean },
): Promise<void> {
  await setOrganizationFlag(ctx, "membersMayManageKeys", membersMayManageKeys, {
    what: "change who may replace or roll back keys",
    action: "org.key_action_delegation_changed",
    dataKey: "membersMayManageKeys",
  });
}

export async function getKeyActionDelegation(ctx: OrgCtx): Promise<{ membersMayManageKeys: boolean }> {
  return { membersMayManageKeys: await getOrganizationFlag(ctx, "membersMayManageKeys") };
}
