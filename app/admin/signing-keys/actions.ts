"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  activateNextSigningKey,
  generateNextSigningKey,
  holdSigningKeyRotation,
  releaseSigningKeyRotation,
  requestSigningKeyRevocation,
  retireSigningKeyByStaff,
} from "@/lib/key-governance";
import { generateSigningKeySchema, signingKeyActionSchema } from "@/lib/validations/ops";

/** This process's signing cache forgets at once; other processes catch up within its TTL. */
async function afterKeyChange() {
  (await appServices().signing()).invalidate();
  revalidatePath("/admin/signing-keys");
}

export const generateSigningKeyAction = staffAction(
  generateSigningKeySchema,
  async (ctx, input) => {
    const key = await generateNextSigningKey(ctx, input, { ring: appServices().keySecrets().ring });
    await afterKeyChange();
    return { kid: key.kid };
  },
  { role: "admin" },
);

export const activateSigningKeyAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    const result = await activateNextSigningKey(ctx, input);
    await afterKeyChange();
    return result;
  },
  { role: "admin" },
);

export const retireSigningKeyAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    await retireSigningKeyByStaff(ctx, input);
    await afterKeyChange();
    return { kid: input.kid };
  },
  { role: "admin" },
);

export const requestSigningKeyRevocationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    const approval = await requestSigningKeyRevocation(ctx, {
      ...input,
      ttlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
    });
    revalidatePath("/admin/approvals");
    return { approvalId: approval.id };
  },
  { role: "admin" },
);

export const holdSigningKeyRotationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    const result = await holdSigningKeyRotation(ctx, input);
    revalidatePath("/admin/signing-keys");
    return result;
  },
  { role: "admin" },
);

export const releaseSigningKeyRotationAction = staffAction(
  signingKeyActionSchema,
  async (ctx, input) => {
    const result = await releaseSigningKeyRotation(ctx, input);
    revalidatePath("/admin/signing-keys");
    return result;
  },
  { role: "admin" },
);
