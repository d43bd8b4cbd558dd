import { z } from "zod";
import { relativeCallbackSchema } from "./auth";
import { emailSchema } from "./members";
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
export const tickboxSchema = z
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

/**
 * A WebAuthn response as `@simplewebauthn/browser` serialises it (base64url fields, WebAuthn §5.1),
 * sent as one JSON form field. Only its shape is checked here; the use case checks what it proves.
 */
const webAuthnResponseField = <Shape extends z.ZodRawShape>(responseShape: Shape) =>
  z
    .string({ error: "Use your passkey to continue." })
    .max(16_000, "That passkey response is too large.")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "That passkey response could not be read." });
        return z.NEVER;
      }
    })
    .pipe(
      z.object(
        {
          id: base64url,
          rawId: base64url,
          type: z.literal("public-key"),
          response: z.object({ clientDataJSON: base64url, ...responseShape }),
          clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
          authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
        },
        { error: "That passkey response could not be read." },
      ),
    );

const base64url = z
  .string({ error: "That passkey response could not be read." })
  .max(8_000)
  .regex(/^[A-Za-z0-9_-]+$/, "That passkey response could not be read.");

/** The label a person gives a passkey ("Work laptop"), shown on the security page. */
export const PASSKEY_NAME_MAX_LENGTH = 60;

export const passkeyRegistrationSchema = z.object({
  name: z
    .string({ error: "Name this passkey." })
    .trim()
    .min(1, "Name this passkey, e.g. “Work laptop”.")
    .max(PASSKEY_NAME_MAX_LENGTH, `Keep the name under ${PASSKEY_NAME_MAX_LENGTH} characters.`),
  response: webAuthnResponseField({
    attestationObject: base64url,
    transports: z.array(z.string().max(30)).max(10).optional(),
  }),
});

export const passkeyVerificationSchema = z.object({
  callbackUrl: relativeCallbackSchema,
  response: webAuthnResponseField({
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const removePasskeySchema = z.object({ passkeyId: z.uuid({ error: "Choose a passkey." }) });

/** An admin requires (or stops requiring) a passkey of a staff member, with a reason. */
export const staffPasskeyRequirementSchema = staffReasonSchema.extend({
  email: emailSchema,
  isRequired: z
    .enum(["required", "optional"], { error: "Choose required or optional." })
    .transform((v) => v === "required"),
});
export type StaffPasskeyRequirementInput = z.infer<typeof staffPasskeyRequirementSchema>;
