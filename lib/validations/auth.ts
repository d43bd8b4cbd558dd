import { z } from "zod";
import { emailSchema } from "./members";

/**
 * Only same-site relative paths may be a post-sign-in destination: anything else (`//evil`,
 * `https://…`, `/\evil`) would make the sign-in page an open redirect.
 */
export const relativeCallbackSchema = z
  .string()
  .max(2000)
  .optional()
  .transform((value) => (value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : "/"));

export const signInSchema = z.object({
  email: emailSchema,
  callbackUrl: relativeCallbackSchema,
});
export type SignInInput = z.infer<typeof signInSchema>;
