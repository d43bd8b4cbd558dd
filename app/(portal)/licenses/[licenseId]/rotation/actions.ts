"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { postponeRotation, rotateNow } from "@/lib/rotation";
import { licenseActionSchema, rotateNowSchema } from "@/lib/validations/rotation";

/** Back to the license once confirmed: the email link's page would only say "already done" now. */
function returnToLicense(licenseId: string): never {
  revalidatePath(`/licenses/${licenseId}`);
  redirect(`/licenses/${licenseId}#rotation`);
}

export const confirmPostponeAction = orgAction(licenseActionSchema, async (ctx, input) => {
  await postponeRotation(ctx, input);
  returnToLicense(input.licenseId);
});

export const confirmRotateNowAction = orgAction(rotateNowSchema, async (ctx, input) => {
  await rotateNow(ctx, input, { secrets: appServices().keySecrets() });
  returnToLicense(input.licenseId);
});
