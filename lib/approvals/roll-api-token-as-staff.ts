import { assertAdmin } from "@/lib/auth/require-admin";
import { isRollable, NOT_ROLLABLE, rollApiToken } from "@/lib/api-tokens";
import type { StaffCtx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { apiTokens } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import type { RollApiTokenInput } from "@/lib/validations/api-tokens";
import { findFourEyesPolicy } from "./four-eyes-policy";
import { requestApproval } from "./request-approval";
import type { StaffActionOutcome } from "./revoke-license-as-staff";

/**
 * An admin rolls a management API token. A roll makes a new secret just as creating one does, so
 * the four-eyes policy's token rule (issue 22) holds it the same way: the request records which
 * token and the overlap, never a value; a second admin approves; the requester collects the
 * successor once (`collectApprovedApiToken`), and the old value's overlap starts only then.
 */
export async function rollApiTokenAsStaff(
  ctx: StaffCtx,
  input: RollApiTokenInput,
  { hasher, approvalTtlHours }: { hasher: KeyedHasher; approvalTtlHours: number },
): Promise<StaffActionOutcome<Awaited<ReturnType<typeof rollApiToken>>>> {
  assertAdmin(ctx);
  const policy = await findFourEyesPolicy(ctx.db);
  if (!policy.apiTokenCreate) return { isAwaitingApproval: false, result: await rollApiToken(ctx, input, { hasher }) };
  const [token] = await ctx.db
    .select({ name: apiTokens.name })
    .from(apiTokens)
    .where(isRollable(input.tokenId, ctx.now()));
  if (!token) throw new Conflict(NOT_ROLLABLE);
  const approval = await ctx.db.transaction((tx) =>
    requestApproval(tx, ctx, {
      action: "api_token.roll",
      subjectType: "api_token",
      subjectId: input.tokenId,
      payload: { name: token.name, overlapMinutes: input.overlapMinutes, fourEyesPolicyVersion: policy.version },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    }),
  );
  return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
}
