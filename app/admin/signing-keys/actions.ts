"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import type { StaffCtx } from "@/lib/context";
import { appServices } from "@/lib/config/server";
import { type SigningKeyRequest, signingKeyActionAsStaff } from "@/lib/approvals";
import { requestSigningKeyRevocation } from "@/lib/key-governance";
import { generateSigningKeySchema, signingKeyActionSchema } from "@/lib/validations/ops";

/** This process's signing cache forgets at once; other processes catch up within its TTL. */
async function afterKeyChange() {
  (await appServices().signing()).invalidate();
  revalidatePath("/admin/signing-keys");
}

/**
 * Runs the action now, or (the four-eyes policy's "signing-key actions", issue 22) records it for a
 * second admin, answering `{ awaitingApproval }` so the dialog says so.
 */
async function runOrRequest(ctx: StaffCtx, request: SigningKeyRequest, subject: string) {
  const outcome = await signingKeyActionAsStaff(ctx, request, {
    approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
    ring: appServices().keySecrets().ring,
  });
  if (outcome.isAwaitingApproval) {
    revalidatePath("/admin/approvals");
    return { awaitingApproval: outcome.approvalId };
  }
  await afterKeyChange();
  return { done: subject };
}

export const generateSigningKeyAction = staffAction(
  generateSigningKeySchema,
  async (ctx, input) => runOrRequest(ctx, { action: "signing_key.generate", ...input }, input.scope),
  { role: "admin" },
);

export const activateSigningKeyAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => runOrRequest(ctx, { action: "signing_key.activate", ...input }, input.kid),
  { role: "admin" },
);

export const retireSigningKeyAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => runOrRequest(ctx, { action: "signing_key.retire", ...input }, input.kid),
  { role: "admin" },
);

export const requestSigningKeyRevocationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    const approval = await requestSigningKeyRevocation(ctx, {
      ...input,
      ttlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
    });
    revalidatePath("/admin/approvals");
    return { approvalId: approval.id };
  },
  { role: "admin" },
);

export const holdSigningKeyRotationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => runOrRequest(ctx, { action: "signing_key.hold_rotation", ...input }, input.kid),
  { role: "admin" },
);

export const releaseSigningKeyRotationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => runOrRequest(ctx, { action: "signing_key.release_rotation", ...input }, input.kid),
  { role: "admin" },
);
