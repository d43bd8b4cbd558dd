"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken, rollApiToken } from "@/lib/api-tokens";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { createApiTokenSchema, revokeApiTokenSchema, rollApiTokenSchema } from "@/lib/validations/api-tokens";

/** Management API tokens are admin work: they act as an admin in the vendor's own systems. */
const admin = { role: "admin" } as const;
const refresh = () => revalidatePath("/admin/api-tokens");

// The value crosses to the browser exactly once, in this answer; it is never stored or logged.
export const createApiTokenAction = staffAction(
  createApiTokenSchema,
  async (ctx, input) => {
    const { token, value } = await createApiToken(ctx, input, { hasher: appServices().keySecrets().hasher });
    refresh();
    return { name: token.name, value: value.reveal() };
  },
  admin,
);

export const rollApiTokenAction = staffAction(
  rollApiTokenSchema,
  async (ctx, input) => {
    const { token, value, oldValueValidUntil } = await rollApiToken(ctx, input, {
      hasher: appServices().keySecrets().hasher,
    });
    refresh();
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
