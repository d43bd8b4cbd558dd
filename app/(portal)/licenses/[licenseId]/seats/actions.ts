"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { assignLicenseSeat, revealOwnSeatToken, unassignLicenseSeat } from "@/lib/seats";
import { assignSeatSchema, revealSeatTokenSchema, unassignSeatSchema } from "@/lib/validations/seats";

export const assignSeatAction = orgAction(assignSeatSchema, async (ctx, input) => {
  const assigned = await assignLicenseSeat(ctx, input, { mailer: appServices().mailer });
  revalidatePath(`/licenses/${input.licenseId}/seats`);
  return assigned;
});

export const unassignSeatAction = orgAction(unassignSeatSchema, async (ctx, input) => {
  const unassigned = await unassignLicenseSeat(ctx, input);
  revalidatePath(`/licenses/${input.licenseId}/seats`);
  return unassigned;
});

export const revealSeatTokenAction = orgAction(revealSeatTokenSchema, (ctx, input) =>
  revealOwnSeatToken(ctx, input, appServices().keySecrets().hasher),
);
