"use server";

import { revalidatePath } from "next/cache";
import { createCustomerApiToken, revokeCustomerApiToken } from "@/lib/api-tokens";
import { orgAction } from "@/lib/auth/action";
import { requireSession } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { createCustomerApiTokenSchema, revokeCustomerApiTokenSchema } from "@/lib/validations/customer-api-tokens";

const refresh = () => revalidatePath("/settings/api-tokens");

// The value crosses to the browser exactly once, in this answer; it is never stored or logged.
export const createCustomerApiTokenAction = orgAction(createCustomerApiTokenSchema, async (ctx, input) => {
  const { signedInAt, secondFactor } = await requireSession();
  const { token, value } = await createCustomerApiToken(ctx, { signedInAt, secondFactor }, input, {
    hasher: appServices().keySecrets().hasher,
  });
  refresh();
  return { name: token.name, value: value.reveal() };
});

export const revokeCustomerApiTokenAction = orgAction(revokeCustomerApiTokenSchema, async (ctx, input) => {
  const revoked = await revokeCustomerApiToken(ctx, input);
  refresh();
  return { prefix: revoked.prefix };
});
