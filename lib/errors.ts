/**
 * Typed domain errors. Domain code throws these; one adapter per surface (server action result,
 * problem+json response) turns them into what the caller sees. `message` is for logs and may name
 * internals; `userMessage` is the sentence a person sees and never carries secrets.
 */
export type FieldErrors = Record<string, string[]>;

const ERROR_KINDS = Symbol.for("rekey.error-kinds");

/**
 * Error classes that cross module copies answer `instanceof` by a declared `static kind` as well as
 * by prototype. Next bundles app code once per layer (route handlers, pages, instrumentation are
 * separate module instances of lib/ in one process, and production minifies class names), while
 * the process's one wiring object (lib/wiring) is built in one of them: a limiter made there
 * throws its copy's RateLimited, which a route handler's `instanceof RateLimited` must still see
 * (it did not: the 429 became a 500).
 */
export abstract class KindedError extends Error {
  declare static readonly kind: string;
  readonly [ERROR_KINDS]: readonly string[];

  constructor(message: string) {
    super(message);
    const kinds: string[] = [];
    for (
      let made: unknown = new.target;
      typeof made === "function" && made !== Error;
      made = Object.getPrototypeOf(made)
    ) {
      if (Object.hasOwn(made, "kind")) kinds.push((made as unknown as { kind: string }).kind);
    }
    this[ERROR_KINDS] = kinds;
  }

  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about (DomainError, NotFound, …), not KindedError
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [ERROR_KINDS]?: unknown } | null)?.[ERROR_KINDS];
    return Object.hasOwn(this, "kind") && Array.isArray(kinds) && kinds.includes(this.kind);
  }
  // biome-ignore-end lint/complexity/noThisInStatic: see above
}

export abstract class DomainError extends KindedError {
  static readonly kind: string = "DomainError";
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
  static readonly kind: string = "NotFound";
  readonly code: string = "NOT_FOUND";
  readonly status = 404;
}

/** No credential, or one that is unknown, revoked or expired (RFC 9110 §15.5.2): who is calling is not known. */
export class Unauthenticated extends DomainError {
  static readonly kind: string = "Unauthenticated";
  readonly code: string = "UNAUTHENTICATED";
  readonly status = 401;
}

export class Forbidden extends DomainError {
  static readonly kind: string = "Forbidden";
  readonly code: string = "FORBIDDEN";
  readonly status = 403;
}

export class Conflict extends DomainError {
  static readonly kind: string = "Conflict";
  readonly code: string = "CONFLICT";
  readonly status = 409;
}

export class PolicyViolation extends DomainError {
  static readonly kind: string = "PolicyViolation";
  readonly code: string = "POLICY_VIOLATION";
  readonly status = 422;
}

export class InvalidInput extends DomainError {
  static readonly kind: string = "InvalidInput";
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
  static readonly kind: string = "RateLimited";
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
  return Boolean(
    error &&
      typeof error === "object" &&
      "digest" in error &&
      String((error as { digest: unknown }).digest).startsWith("NEXT_"),
  );
}
