"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { createCustomer } from "@/lib/orgs";
import { createCustomerSchema } from "@/lib/validations/catalog";

export const createCustomerAction = staffAction(createCustomerSchema, async (ctx, input) => {
  const customer = await createCustomer(ctx, input, { mailer: appServices().mailer });
  revalidatePath("/admin");
  return { orgId: customer.orgId, name: customer.name };
});
