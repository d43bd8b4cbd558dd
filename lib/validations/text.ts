import type { FieldErrors } from "@/lib/errors";

const NUL_MESSAGE = "Remove the NUL character (\\u0000): text cannot contain it.";

/**
 * Fields holding a NUL character, by path. PostgreSQL text cannot store U+0000, so such input
 * would fail deep inside a write as a 500; both input adapters refuse it up front as a 400 that
 * names the field, whatever the field's own schema says.
 */
export function nulCharacterErrors(value: unknown, path: string[] = []): FieldErrors {
  if (typeof value === "string") return value.includes("\u0000") ? { [path.join(".") || "body"]: [NUL_MESSAGE] } : {};
  if (!value || typeof value !== "object") return {};
  const errors: FieldErrors = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) (errors[[...path, key].join(".")] ??= []).push(NUL_MESSAGE);
    Object.assign(errors, nulCharacterErrors(item, [...path, key]));
  }
  return errors;
}
