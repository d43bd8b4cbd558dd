"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { setStaffPasskeyRequirement } from "@/lib/mfa";
import { staffPasskeyRequirementSchema } from "@/lib/validations/mfa";

/** Admins only: the staff policy that a person's second factor must be a passkey. */
export const setStaffPasskeyRequirementAction = staffAction(
  staffPasskeyRequirementSchema,
  async (ctx, input) => {
    await setStaffPasskeyRequirement(ctx, input);
    revalidatePath("/admin/security");
    return { email: input.email, isRequired: input.isRequired };
  },
  { role: "admin" },
);
