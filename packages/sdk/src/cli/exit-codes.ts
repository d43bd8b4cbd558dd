/**
 * `rekey`'s exit codes (README, “The rekey CLI”): stable, so a pipeline can tell “fix the token”
 * from “try again later”.
 */
export const EXIT = {
  OK: 0,
  /** The portal could not be reached, or answered with an error of its own (5xx). Retry later. */
  UNAVAILABLE: 1,
  /** A wrong command line, or REKEY_URL / REKEY_TOKEN missing or malformed. */
  USAGE: 2,
  /** 401: the token is unknown, revoked or expired. */
  UNAUTHENTICATED: 3,
  /** 403: the token's scopes do not allow this. */
  FORBIDDEN: 4,
  /** 404: no such license in the token's organization (or no pending key). */
  NOT_FOUND: 5,
  /** 400, 409, 422: the request was refused as it stands (the message says why). */
  REFUSED: 6,
  /** 429: too many requests; retry after a while. */
  RATE_LIMITED: 7,
  /** The answer arrived but could not be written to --out. */
  WRITE_FAILED: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401) return EXIT.UNAUTHENTICATED;
  if (status === 403) return EXIT.FORBIDDEN;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 429) return EXIT.RATE_LIMITED;
  if (status >= 400 && status < 500) return EXIT.REFUSED;
  return EXIT.UNAVAILABLE;
}
