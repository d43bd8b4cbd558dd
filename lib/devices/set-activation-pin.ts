import type { OrgCtx, StaffCtx } from "@/lib/context";
import type { StaffReason } from "@/lib/validations/staff";
import { requireOwner } from "@/lib/orgs/require-owner";
import { writeActivationPin, type ActivationPinChange } from "./activation-pin";

/** An owner sets, changes or removes the license PIN new devices must present at activation. */
export async function setActivationPin(ctx: OrgCtx, input: ActivationPinChange) {
  requireOwner(ctx, "change the license PIN");
  return writeActivationPin(ctx, input, { orgId: ctx.orgId });
}

/** Support sets or clears a PIN for a customer (typically: the owner lost it), with a reason. */
export async function staffSetActivationPin(ctx: StaffCtx, input: ActivationPinChange & StaffReason) {
  return writeActivationPin(ctx, input, { reason: input.reason, reasonCategory: input.reasonCategory });
}
