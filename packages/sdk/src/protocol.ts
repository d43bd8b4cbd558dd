/**
 * The client API's contract, defined once (issue 17, DESIGN.md §5): the validation codes, the
 * audiences that keep one kind of portal token from being accepted as another, and the problem
 * shape of a refusal. The server imports these from `@rekey/sdk` (lib/validations/api.ts,
 * lib/licensing), the SDK's clients use them, and the Python client mirrors them through the shared
 * vectors (scripts/protocol-vectors.ts), so the three cannot drift. Fingerprint hashing is
 * `fingerprintHash` (fingerprint-hash.ts), imported by the server the same way.
 */

/** Every `code` of `POST /api/v1/licenses/validate` (DESIGN.md §3). */
export const VALIDATION_CODES = [
  "VALID",
  "VALID_ROTATING",
  "EXPIRED",
  "SUSPENDED",
  "REVOKED",
  "KEY_RETIRED",
  "UNKNOWN_KEY",
  "NOT_ACTIVATED",
  "TOO_MANY_DEVICES",
  "FINGERPRINT_MISMATCH",
  "PRODUCT_MISMATCH",
  "NOT_YET_VALID",
  "NO_FLOATING_SEAT",
  "SEAT_MODEL_MISMATCH",
  "QUOTA_EXHAUSTED",
  "TRANSFER_LIMIT_REACHED",
  "SEAT_NOT_ASSIGNED",
  "TOO_MANY_USERS",
] as const;
export type OnlineValidationCode = (typeof VALIDATION_CODES)[number];

/** Keeps validation tokens from being accepted as license files and the other way round. */
export const VALIDATION_TOKEN_AUDIENCE = "rekey:validation";
/** Keeps revocation pages from being accepted as any other portal token, and the other way round. */
export const REVOCATIONS_TOKEN_AUDIENCE = "rekey:revocations";
/** Keeps exchange tokens from being accepted as any other portal token, and the other way round. */
export const KEY_EXCHANGE_TOKEN_AUDIENCE = "rekey:key-exchange";

/** RFC 9457 problem details, as the portal sends them for a refused request. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  /** The request path the problem is about (RFC 9457 §3.1.5). */
  instance?: string;
  errors?: { field: string; messages: string[] }[];
  /** A JWS over the refusal, where the endpoint signs its refusals (the device API). */
  token?: string;
  /** On PIN_REQUIRED / PIN_INVALID: the PIN is asked only because of a new device on a new network. */
  unusualActivation?: boolean;
  /** On TRANSFER_LIMIT_REACHED: when the next move of a seat is possible (absent: the edition allows none). */
  transferLimit?: { nextTransferAt?: string };
}
