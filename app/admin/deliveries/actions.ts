"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { resendNotice, retryDeadDelivery } from "@/lib/notify";
import { deliveryActionSchema } from "@/lib/validations/support";

// Deliveries show on the dead-letter page and on each customer's page.
const refresh = () => revalidatePath("/admin", "layout");

export const retryDeliveryAction = staffAction(deliveryActionSchema, async (ctx, input) => {
  const result = await retryDeadDelivery(ctx, input);
  refresh();
  return result;
});

export const resendNoticeAction = staffAction(deliveryActionSchema, async (ctx, input) => {
  const result = await resendNotice(ctx, input);
  refresh();
  return result;
});
