import type { OrgCtx } from "@/lib/context";
import { getOrganizationFlag, setOrganizationFlag } from "./organization-flags";

/** Owners decide whether seeing or downloading a key needs a verified second factor. */
export async function setSecondFactorPolicy(
  ctx: OrgCtx,
  { requireForKeys }: { requireForKeys: boolean },
): Promise<void> {
  await setOrganizationFlag(ctx, "requireSecondFactorForKeys", requireForKeys, {
    what: "change the organization's security policy",
    action: "org.second_factor_policy_changed",
    dataKey: "requireForKeys",
  });
}

export async function getSecondFactorPolicy(ctx: OrgCtx): Promise<{ requireForKeys: boolean }> {
  return { requireForKeys: await getOrganizationFlag(ctx, "requireSecondFactorForKeys") };
}
