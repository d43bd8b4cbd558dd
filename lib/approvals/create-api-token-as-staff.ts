import { and, eq, inArray } from "drizzle-orm";
import { assertExpiryAhead, createApiToken, mintApiToken, rollApiToken } from "@/lib/api-tokens";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { apiTokens, approvals } from "@/lib/db/schema";
import { Conflict, NotFound, PolicyViolation } from "@/lib/errors";
import type { CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { findFourEyesPolicy } from "./four-eyes-policy";
import { requestApproval } from "./request-approval";
import type { StaffActionOutcome } from "./revoke-license-as-staff";

const HOUR_MS = 3_600_000;

/**
 * What a token request records, never anything secret: a new token's name, scope and expiry, or
 * the rolled token's name and overlap (roll-api-token-as-staff.ts; the token is the subject).
 */
interface ApiTokenRequestPayload {
  name: string;
  scope: CreateApiTokenInput["scope"];
  expiresOn: string | null;
  overlapMinutes: number;
  reasonCategory: CreateApiTokenInput["reasonCategory"];
}

/** The held requests whose approval mints a token value for its requester to collect. */
const COLLECTABLE_ACTIONS = ["api_token.create", "api_token.roll"] as const;

/**
 * An admin makes a management API token. With the four-eyes policy's "token creation" on (issue
 * 22) nothing is minted yet: the request records name, scope and expiry only, a second admin
 * approves it, and the requester collects the value once (`collectApprovedApiToken`), so no
 * secret ever sits in an approval's payload and nobody but the requester sees it.
 */
export async function createApiTokenAsStaff(
  ctx: StaffCtx,
  input: CreateApiTokenInput,
  { hasher, approvalTtlHours }: { hasher: KeyedHasher; approvalTtlHours: number },
): Promise<StaffActionOutcome<Awaited<ReturnType<typeof createApiToken>>>> {
  assertAdmin(ctx);
  const policy = await findFourEyesPolicy(ctx.db);
  if (!policy.apiTokenCreate)
    return { isAwaitingApproval: false, result: await createApiToken(ctx, input, { hasher }) };
  assertExpiryAhead(ctx, input);
  const approval = await ctx.db.transaction((tx) =>
    requestApproval(tx, ctx, {
      action: "api_token.create",
      subjectType: "api_token_request",
      subjectId: input.name,
      payload: {
        name: input.name,
        scope: input.scope,
        expiresOn: input.expiresOn?.toISOString() ?? null,
        fourEyesPolicyVersion: policy.version,
      },
      reason: input.reason,
      reasonCategory: input.reasonCategory,
      ttlHours: approvalTtlHours,
    }),
  );
  return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
}

/**
 * The requester takes the token a second admin approved: minted (or rolled) now, shown once, at most once per
 * request, and only within the approval window after the decision (an approved but forgotten
 * request does not stay a standing grant). Anyone else's request is a 404, like a missing one.
 */
export async function collectApprovedApiToken(
  ctx: StaffCtx,
  { approvalId }: { approvalId: string },
  { hasher, approvalTtlHours }: { hasher: KeyedHasher; approvalTtlHours: number },
) {
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const [approval] = await tx
      .select()
      .from(approvals)
      .where(
        and(
          eq(approvals.id, approvalId),
          inArray(approvals.action, [...COLLECTABLE_ACTIONS]),
          eq(approvals.requestedBy, ctx.actor.userId),
          eq(approvals.status, "executed"),
        ),
      )
      .for("update");
    if (!approval?.decidedAt) throw new NotFound("No approved token request of yours with this id.");
    const [collected] = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(eq(apiTokens.approvalId, approval.id));
    if (collected) throw new Conflict("This token was already collected; its value is shown only once.");
    if (approval.decidedAt.getTime() + approvalTtlHours * HOUR_MS <= ctx.now().getTime())
      throw new PolicyViolation("This approval is too old to collect; ask for the token again.");
    const payload = approval.payload as ApiTokenRequestPayload;
    if (approval.action === "api_token.roll")
      return rollApiToken(
        { ...ctx, db: tx },
        {
          tokenId: approval.subjectId,
          overlapMinutes: payload.overlapMinutes,
          reason: approval.reason,
          reasonCategory: payload.reasonCategory,
        },
        { hasher, approvalId: approval.id },
      );
    const input: CreateApiTokenInput = {
      name: payload.name,
      scope: payload.scope,
      expiresOn: payload.expiresOn ? new Date(payload.expiresOn) : null,
      reason: approval.reason,
      reasonCategory: payload.reasonCategory,
    };
    assertExpiryAhead(ctx, input);
    return mintApiToken(tx, ctx, input, { hasher, approvalId: approval.id });
  });
}

/** The caller's approved token requests not yet collected, for the API tokens page. */
export async function listCollectableApiTokens(ctx: StaffCtx, { approvalTtlHours }: { approvalTtlHours: number }) {
  const rows = await ctx.db
    .select({ id: approvals.id, payload: approvals.payload, decidedAt: approvals.decidedAt, tokenId: apiTokens.id })
    .from(approvals)
    .leftJoin(apiTokens, eq(apiTokens.approvalId, approvals.id))
    .where(
      and(
        inArray(approvals.action, [...COLLECTABLE_ACTIONS]),
        eq(approvals.requestedBy, ctx.actor.userId),
        eq(approvals.status, "executed"),
      ),
    );
  const now = ctx.now().getTime();
  return rows
    .filter((row) => !row.tokenId && row.decidedAt && row.decidedAt.getTime() + approvalTtlHours * HOUR_MS > now)
    .map((row) => ({ approvalId: row.id, name: (row.payload as ApiTokenRequestPayload).name }));
}
