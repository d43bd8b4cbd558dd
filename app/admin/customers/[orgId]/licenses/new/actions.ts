"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { createLicense } from "@/lib/licensing";
import { createLicenseSchema } from "@/lib/validations/catalog";

export const createLicenseAction = staffAction(createLicenseSchema, async (ctx, input) => {
  const license = await createLicense(ctx, input, {
    ...appServices().noticeDeps(),
    secrets: appServices().keySecrets(),
  });
  revalidatePath(`/admin/customers/${input.orgId}`);
  return { licenseId: license.licenseId };
});
