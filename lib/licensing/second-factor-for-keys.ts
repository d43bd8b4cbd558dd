import type { OrgCtx } from "@/lib/context";
import { secondFactorBlock, type SecondFactorState } from "@/lib/mfa";
import { getSecondFactorPolicy } from "@/lib/orgs/set-second-factor-policy";

/**
 * Why this session may not see or download the organisation's keys under its second-factor
 * policy, or null. Pages call it to explain up front; reveal and download call it to enforce.
 */
export async function keyAccessBlock(ctx: OrgCtx, secondFactor: SecondFactorState) {
  const { requireForKeys } = await getSecondFactorPolicy(ctx);
  return requireForKeys ? secondFactorBlock(secondFactor, "see or download license keys (your organization requires it)") : null;
}

export async function assertKeyAccess(ctx: OrgCtx, secondFactor: SecondFactorState): Promise<void> {
  const block = await keyAccessBlock(ctx, secondFactor);
  if (block) throw block;
}
