"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { inviteMember, removeMember } from "@/lib/orgs";
import { inviteMemberSchema, removeMemberSchema } from "@/lib/validations/members";

export const inviteMemberAction = orgAction(inviteMemberSchema, async (ctx, input) => {
  const invited = await inviteMember(ctx, input, { mailer: appServices().mailer });
  revalidatePath("/members");
  return invited;
});

export const removeMemberAction = orgAction(removeMemberSchema, async (ctx, input) => {
  const removed = await removeMember(ctx, input);
  revalidatePath("/members");
  return removed;
});
