import { z } from "zod";
import { emailSchema } from "./members";

const MAX_CALLBACK_LENGTH = 2000;

/**
 * Only same-site relative paths may be a post-sign-in destination: anything else (`//evil`,
 * `https://…`, `/\evil`) would make the sign-in page an open redirect. An overlong one goes home
 * like any other unusable destination: the sign-in pages parse it straight from the query string,
 * where a refusal would be a crash.
 */
export const relativeCallbackSchema = z
  .string()
  .optional()
  .transform((value) =>
    value && value.length <= MAX_CALLBACK_LENGTH && /^\/(?![/\\])[^\s]*$/.test(value) ? value : "/",
  );

export const signInSchema = z.object({
  email: emailSchema,
  callbackUrl: relativeCallbackSchema,
});
export type SignInInput = z.infer<typeof signInSchema>;
