import type { z } from "zod";
import { InvalidInput } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";

/** The query string (with the path's parameters, which win) through its zod schema: a 400 naming each field, like a bad body. */
export function parseQuery<S extends z.ZodType>(
  request: Request,
  schema: S,
  pathParams: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse({ ...Object.fromEntries(new URL(request.url).searchParams), ...pathParams });
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsFrom(parsed.error, "query");
  throw new InvalidInput(`Invalid query: check ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

/** The credential of `Authorization: Bearer <credential>` (RFC 6750 §2.1), or null. */
export function bearerCredential(request: Request): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
