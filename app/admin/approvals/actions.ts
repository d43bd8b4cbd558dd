"use server";

import { revalidatePath } from "next/cache";
import { approveRequest, rejectRequest } from "@/lib/approvals";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { decideApprovalSchema } from "@/lib/validations/ops";

export const approveRequestAction = staffAction(
  decideApprovalSchema,
  async (ctx, input) => {
    const outcome = await approveRequest(ctx, input);
    // A revoked signing key must stop signing in this process now, not after the cache TTL.
    if (outcome.action === "signing_key.revoke") (await appServices().signing()).invalidate();
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
