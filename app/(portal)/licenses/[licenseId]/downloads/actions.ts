"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { setReleaseNotices } from "@/lib/releases";
import { releaseNoticesSchema } from "@/lib/validations/releases";

export const setReleaseNoticesAction = orgAction(releaseNoticesSchema, async (ctx, input) => {
  const result = await setReleaseNotices(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}/downloads`);
  return result;
});
