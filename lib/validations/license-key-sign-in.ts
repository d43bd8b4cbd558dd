import { z } from "zod";
import { emailSchema } from "./members";

/** Sign-in by license key (issue 20): the key and an address, then the code that was emailed. */
export const requestLicenseKeySignInSchema = z.object({
  key: z
    .string({ error: "Enter the license key." })
    .trim()
    .min(1, "Enter the license key.")
    .max(200, "A license key is at most 200 characters."),
  email: emailSchema,
});

export const completeLicenseKeySignInSchema = z.object({
  email: emailSchema,
  code: z
    .string({ error: "Enter the code from the email." })
    .transform((value) => value.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email.")),
});
