import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

/** zod issues as `{ field: [messages] }`; issues about the whole input land under `fallback`. */
export function fieldErrorsFrom(error: z.ZodError, fallback: string): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || fallback] ??= []).push(issue.message);
  return fieldErrors;
}
