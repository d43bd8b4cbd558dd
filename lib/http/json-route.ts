/**
 * The one adapter between HTTP and the domain for JSON routes: parse the body with its zod
 * schema, run the handler, and turn every failure into RFC 9457 problem+json. Bad input is a 400
 * that names each field; nothing a client sends can produce a 500 with internals in it.
 */
import type { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { DomainError, InvalidInput, isFrameworkSignal } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { nulCharacterErrors } from "@/lib/validations/text";
import { domainErrorResponse, internalErrorResponse, problemResponse } from "./problem";

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) {
    throw new InvalidInput("Send the request body as JSON with Content-Type: application/json.", {
      body: ["Content-Type must be application/json."],
    });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new InvalidInput("The request body is not valid JSON.", { body: ["Not valid JSON."] });
  }
  const nulErrors = nulCharacterErrors(body);
  if (Object.keys(nulErrors).length > 0)
    throw new InvalidInput(`Invalid request: check ${Object.keys(nulErrors).join(", ")}.`, nulErrors);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsFrom(parsed.error, "body");
  throw new InvalidInput(`Invalid request: check ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

const UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

export function handleJsonRoute(
  handler: (request: Request) => Promise<Response>,
  onUnexpected: (error: unknown) => void,
) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      if (isFrameworkSignal(error)) throw error;
      const instance = new URL(request.url).pathname;
      if (error instanceof DomainError) return domainErrorResponse(error, instance);
      onUnexpected(error);
      // An outage, not a bug: clients retry later (the SDK falls back to its license file meanwhile).
      if (isDatabaseUnavailable(error)) {
        const detail = "The service cannot reach its database right now. Retry after the time in Retry-After.";
        return problemResponse(
          { title: "Temporarily unavailable", status: 503, code: "UNAVAILABLE", detail, instance },
          { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
        );
      }
      return internalErrorResponse(instance);
    }
  };
}
