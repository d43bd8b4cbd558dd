/**
 * RFC 9457 problem details. `type` is a stable URI per error code so clients can switch on it;
 * `code` repeats it as a short token for convenience.
 */
import type { Problem } from "@rekey/sdk";
import { type DomainError, InvalidInput, RateLimited, Unauthenticated, type FieldErrors } from "@/lib/errors";

// The shape is the SDK protocol module's (issue 17): what the server sends is what clients read.
export type { Problem };

export const problemType = (code: string) => `https://rekey.dev/problems/${code.toLowerCase().replace(/_/g, "-")}`;

export function problemResponse(
  problem: Omit<Problem, "type"> & { type?: string },
  headers: HeadersInit = {},
): Response {
  const body: Problem = { type: problem.type ?? problemType(problem.code), ...problem };
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

/** A defect on our side: says nothing of the cause (that goes to the log), only what a client should do. */
export function internalErrorResponse(instance?: string): Response {
  return problemResponse({
    title: "Internal error",
    status: 500,
    code: "INTERNAL",
    detail: "Something went wrong on our side. Retry with backoff.",
    instance,
  });
}

export function fieldErrorsToProblem(fieldErrors: FieldErrors) {
  return Object.entries(fieldErrors).map(([field, messages]) => ({ field, messages }));
}

const TITLES: Record<string, string> = {
  NOT_FOUND: "Not found",
  UNAUTHENTICATED: "Unauthenticated",
  FORBIDDEN: "Forbidden",
  CONFLICT: "Conflict with the current state",
  POLICY_VIOLATION: "Not allowed by policy",
  INVALID_INPUT: "Invalid request",
  RATE_LIMITED: "Too many requests",
  PIN_REQUIRED: "License PIN required",
  PIN_INVALID: "Wrong license PIN",
};

/** `extensions` are RFC 9457 §3.2 extension members, e.g. a signed form of the refusal. */
export function domainErrorResponse(
  error: DomainError,
  instance?: string,
  extensions: Record<string, unknown> = {},
): Response {
  const headers: Record<string, string> = {};
  if (error instanceof RateLimited) headers["retry-after"] = String(error.retryAfterSeconds);
  // RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
  if (error instanceof Unauthenticated) headers["www-authenticate"] = 'Bearer realm="rekey-management"';
  return problemResponse(
    {
      title: TITLES[error.code] ?? "Request failed",
      status: error.status,
      code: error.code,
      detail: error.userMessage,
      instance,
      ...(error instanceof InvalidInput ? { errors: fieldErrorsToProblem(error.fieldErrors) } : {}),
      ...extensions,
    },
    headers,
  );
}
