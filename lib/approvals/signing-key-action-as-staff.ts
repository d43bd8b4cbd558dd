import { eq } from "drizzle-orm";
import { assertAdmin } from "@/lib/auth/require-admin";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import { signingKeys } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import {
  activateNextSigningKey,
  assertScopeExists,
  generateNextSigningKey,
  holdSigningKeyRotation,
  releaseSigningKeyRotation,
  retireSigningKeyByStaff,
} from "@/lib/key-governance";
import { type SigningAlgorithm, type SigningKeyAction, signingKeyMachine, type SigningScope } from "@/lib/signing";
import { assertAction } from "@/lib/state-machine";
import type { StaffReason } from "@/lib/validations/staff";
import { findFourEyesPolicy } from "./four-eyes-policy";
import { requestApproval, type SigningKeyApprovalAction } from "./request-approval";
import type { StaffActionOutcome } from "./revoke-license-as-staff";

export type SigningKeyRequest =
  | ({ action: "signing_key.generate"; scope: SigningScope; algorithm: SigningAlgorithm } & StaffReason)
  | ({ action: Exclude<SigningKeyApprovalAction, "signing_key.generate">; kid: string } & StaffReason);

/** Which signing-key machine action each request needs (the same check now and when approved). */
const MACHINE_ACTION: Record<Exclude<SigningKeyApprovalAction, "signing_key.generate">, SigningKeyAction> = {
  "signing_key.activate": "activate",
  "signing_key.retire": "retire",
  "signing_key.hold_rotation": "holdRotation",
  "signing_key.release_rotation": "holdRotation",
};

/**
 * Runs a signing-key action: at once, or as an approved request (then `ctx.db` is the approval's
 * transaction, so the action and the approval commit together).
 */
export function runSigningKeyAction(ctx: StaffCtx, request: SigningKeyRequest, { ring }: { ring: MasterKeyRing }) {
  const { reason, reasonCategory } = request;
  switch (request.action) {
    case "signing_key.generate":
      return generateNextSigningKey(ctx, request, { ring });
    case "signing_key.activate":
      return activateNextSigningKey(ctx, { kid: request.kid, reason, reasonCategory });
    case "signing_key.retire":
      return retireSigningKeyByStaff(ctx, { kid: request.kid, reason, reasonCategory });
    case "signing_key.hold_rotation":
      return holdSigningKeyRotation(ctx, { kid: request.kid, reason, reasonCategory });
    case "signing_key.release_rotation":
      return releaseSigningKeyRotation(ctx, { kid: request.kid, reason, reasonCategory });
  }
}

/**
 * An admin's signing-key action (issue 22, "signing-key actions" in the four-eyes policy). With the
 * policy on, nothing changes yet: the request is checked against the key's machine now (so one that
 * could never run is refused at once) and waits for a second admin, whose approval runs it.
 */
export async function signingKeyActionAsStaff(
  ctx: StaffCtx,
  request: SigningKeyRequest,
  { approvalTtlHours, ring }: { approvalTtlHours: number; ring: MasterKeyRing },
): Promise<StaffActionOutcome<unknown>> {
  assertAdmin(ctx);
  const policy = await findFourEyesPolicy(ctx.db);
  if (!policy.signingKeyActions)
    return { isAwaitingApproval: false, result: await runSigningKeyAction(ctx, request, { ring }) };
  const { action, reason, reasonCategory } = request;
  const approval = await ctx.db.transaction(async (tx) => {
    if (request.action === "signing_key.generate") {
      await assertScopeExists({ ...ctx, db: tx }, request.scope);
      return requestApproval(tx, ctx, {
        action,
        subjectType: "signing_scope",
        subjectId: request.scope,
        payload: { scope: request.scope, algorithm: request.algorithm, fourEyesPolicyVersion: policy.version },
        reason,
        reasonCategory,
        ttlHours: approvalTtlHours,
      });
    }
    const [key] = await tx.select().from(signingKeys).where(eq(signingKeys.kid, request.kid)).for("update");
    if (!key) throw new NotFound("No such signing key.");
    assertAction(signingKeyMachine, MACHINE_ACTION[request.action], key, viewerOf(ctx));
    return requestApproval(tx, ctx, {
      action,
      subjectType: "signing_key",
      subjectId: request.kid,
      payload: { scope: key.scope, fourEyesPolicyVersion: policy.version },
      reason,
      reasonCategory,
      ttlHours: approvalTtlHours,
    });
  });
  return { isAwaitingApproval: true, approvalId: approval.id, expiresAt: approval.expiresAt };
}

/** The request an approval recorded, rebuilt for `runSigningKeyAction`. */
export function signingKeyRequestOf(
  action: SigningKeyApprovalAction,
  approval: { subjectId: string; reason: string; payload: unknown },
  reasonCategory: StaffReason["reasonCategory"],
): SigningKeyRequest {
  const { reason, subjectId } = approval;
  if (action !== "signing_key.generate") return { action, kid: subjectId, reason, reasonCategory };
  const { scope, algorithm } = approval.payload as { scope: SigningScope; algorithm: SigningAlgorithm };
  return { action, scope, algorithm, reason, reasonCategory };
}
