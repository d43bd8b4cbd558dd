/**
 * Typed domain errors. Domain code throws these; one adapter per surface (server action result,
 * problem+json response) turns them into what the caller sees. `message` is for logs and may name
 * internals; `userMessage` is the sentence a person sees and never carries secrets.
 */
export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly userMessage: string;

  constructor(userMessage: string, internalMessage?: string) {
    super(internalMessage ?? userMessage);
    this.name = new.target.name;
    this.userMessage = userMessage;
  }
}

export class NotFound extends DomainError {
  readonly code: string = "NOT_FOUND";
  readonly status = 404;
}

/** No credential, or one that is unknown, revoked or expired (RFC 9110 §15.5.2): who is calling is not known. */
export class Unauthenticated extends DomainError {
  readonly code: string = "UNAUTHENTICATED";
  readonly status = 401;
}

export class Forbidden extends DomainError {
  readonly code: string = "FORBIDDEN";
  readonly status = 403;
}

export class Conflict extends DomainError {
  readonly code: string = "CONFLICT";
  readonly status = 409;
}

export class PolicyViolation extends DomainError {
  readonly code: string = "POLICY_VIOLATION";
  readonly status = 422;
}

export class InvalidInput extends DomainError {
  readonly code: string = "INVALID_INPUT";
  readonly status = 400;
  constructor(
    userMessage: string,
    readonly fieldErrors: FieldErrors,
  ) {
    super(userMessage);
  }
}

export class RateLimited extends DomainError {
  readonly code: string = "RATE_LIMITED";
  readonly status = 429;
  /** `refusal` names what was refused, for a form to say plainly; the wait is appended. */
  constructor(
    readonly retryAfterSeconds: number,
    refusal = "Too many attempts.",
  ) {
    super(`${refusal} Try again in ${formatWait(retryAfterSeconds)}.`);
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Next.js signals redirect / notFound / forbidden by throwing errors with a `NEXT_…` digest.
 * Error adapters must let those through untouched.
 */
export function isFrameworkSignal(error: unknown): boolean {
  return Boolean(error && typeof error === "object" && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_"));
}
