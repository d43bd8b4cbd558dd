"use server";

import { revalidatePath } from "next/cache";
import { approveRequest, rejectRequest, saveFourEyesPolicy } from "@/lib/approvals";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { decideApprovalSchema, fourEyesPolicySchema } from "@/lib/validations/ops";

export const approveRequestAction = staffAction(
  decideApprovalSchema,
  async (ctx, input) => {
    const outcome = await approveRequest(ctx, input, {
      ...appServices().noticeDeps(),
      ring: appServices().keySecrets().ring,
    });
    // A changed signing key (a revoked one above all) must take effect in this process now, not after the cache TTL.
    if (outcome.action.startsWith("signing_key.")) (await appServices().signing()).invalidate();
    revalidatePath("/admin", "layout");
    return { action: outcome.action };
  },
  { role: "admin" },
);

export const rejectRequestAction = staffAction(
  decideApprovalSchema,
  async (ctx, input) => {
    await rejectRequest(ctx, input);
    revalidatePath("/admin", "layout");
    return { approvalId: input.approvalId };
  },
  { role: "admin" },
);

export const saveFourEyesPolicyAction = staffAction(
  fourEyesPolicySchema,
  async (ctx, input) => {
    const policy = await saveFourEyesPolicy(ctx, input);
    revalidatePath("/admin", "layout");
    return { version: policy.version };
  },
  { role: "admin" },
);
