"use server";

import { revalidatePath } from "next/cache";
import { revokeApiToken } from "@/lib/api-tokens";
import { collectApprovedApiToken, createApiTokenAsStaff, rollApiTokenAsStaff } from "@/lib/approvals";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  collectApiTokenSchema,
  createApiTokenSchema,
  revokeApiTokenSchema,
  rollApiTokenSchema,
} from "@/lib/validations/api-tokens";

/** Management API tokens are admin work: they act as an admin in the vendor's own systems. */
const admin = { role: "admin" } as const;
const refresh = () => revalidatePath("/admin/api-tokens");

const tokenDeps = () => ({
  hasher: appServices().keySecrets().hasher,
  approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
});

// The value crosses to the browser exactly once, in this answer (or the collection's, when the
// approval policy held it); it is never stored or logged.
export const createApiTokenAction = staffAction(
  createApiTokenSchema,
  async (ctx, input) => {
    const outcome = await createApiTokenAsStaff(ctx, input, tokenDeps());
    refresh();
    if (outcome.isAwaitingApproval) {
      revalidatePath("/admin/approvals");
      return { name: input.name, awaitingApproval: outcome.approvalId };
    }
    const { token, value } = outcome.result;
    return { name: token.name, value: value.reveal() };
  },
  admin,
);

export const collectApiTokenAction = staffAction(
  collectApiTokenSchema,
  async (ctx, input) => {
    const { token, value } = await collectApprovedApiToken(ctx, input, tokenDeps());
    refresh();
    return { name: token.name, value: value.reveal() };
  },
  admin,
);

export const rollApiTokenAction = staffAction(
  rollApiTokenSchema,
  async (ctx, input) => {
    const outcome = await rollApiTokenAsStaff(ctx, input, tokenDeps());
    refresh();
    if (outcome.isAwaitingApproval) {
      revalidatePath("/admin/approvals");
      return { awaitingApproval: outcome.approvalId };
    }
    const { token, value, oldValueValidUntil } = outcome.result;
    return { name: token.name, value: value.reveal(), oldValueValidUntil: oldValueValidUntil.toISOString() };
  },
  admin,
);

export const revokeApiTokenAction = staffAction(
  revokeApiTokenSchema,
  async (ctx, input) => {
    const revoked = await revokeApiToken(ctx, input);
    refresh();
    return { prefix: revoked.prefix };
  },
  admin,
);
