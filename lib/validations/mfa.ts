import { z } from "zod";
import { relativeCallbackSchema } from "./auth";
import { staffReasonSchema } from "./staff";

/** A 6-digit authenticator code or a recovery code (`XXXXX-XXXXX`); the use case tells them apart. */
export const secondFactorCodeSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your app, or a recovery code." })
    .trim()
    .min(6, "Enter the 6-digit code from your app, or a recovery code.")
    .max(20, "That is longer than any code we issue."),
});

export const verifySecondFactorSchema = secondFactorCodeSchema.extend({ callbackUrl: relativeCallbackSchema });

export const confirmTotpEnrolmentSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code your app shows." })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your app shows."),
});

/** A checkbox: present (`on`) when ticked, absent otherwise. */
const tickboxSchema = z
  .literal("on", { error: "Tick the box or leave it empty." })
  .optional()
  .transform((value) => value === "on");

/** The organisation's rules on the security page (owners only). */
export const secondFactorPolicySchema = z.object({ requireForKeys: tickboxSchema });
/** Owners let members replace a leaked key and roll back rotations (issue 24, finding 8). */
export const keyActionDelegationSchema = z.object({ membersMayManageKeys: tickboxSchema });

/** Support resets a customer's second factor: whose (member of which organization), and why. */
export const resetMemberSecondFactorSchema = staffReasonSchema.extend({
  orgId: z.uuid({ error: "Choose the member's organization." }),
  userId: z.string({ error: "Choose a member." }).min(1, "Choose a member.").max(100),
});
export type ResetMemberSecondFactorInput = z.infer<typeof resetMemberSecondFactorSchema>;
