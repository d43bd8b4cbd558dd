"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { convertTrialLicense } from "@/lib/rotation";
import { convertTrialSchema } from "@/lib/validations/lifecycle";

export const convertTrialAction = staffAction(convertTrialSchema, async (ctx, { expiresOn, ...input }) => {
  const { rotation, edition } = await convertTrialLicense(
    ctx,
    { ...input, expiresAt: expiresOn },
    { secrets: appServices().keySecrets() },
  );
  revalidatePath("/admin/trials");
  return { rotationId: rotation.id, edition: edition.name };
});
