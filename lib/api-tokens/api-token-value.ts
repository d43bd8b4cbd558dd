import { randomBytes } from "node:crypto";
import type { KeyedHasher } from "@/lib/crypto";
import { apiTokens } from "@/lib/db/schema";

/** The visible start of every value, so a leaked token is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "rk_live_";
/** A customer organization's token (issue 17): told apart from the vendor's by sight and by scanners. */
export const CUSTOMER_API_TOKEN_PREFIX = "rk_org_";
/** How much of the value lists show: the prefix and 8 random characters, too few to guess from. */
const DISPLAY_RANDOM_LENGTH = 8;

/**
 * A token's value: shown once, then only its keyed digest is stored. `toJSON` and `toString`
 * redact it, so a value passed to a logger or serialised by mistake prints nothing usable.
 */
export class ApiTokenValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The one place the plaintext leaves: the page that shows it once. */
  reveal(): string {
    return this.#value;
  }
  toJSON() {
    return "[redacted api token]";
  }
  toString() {
    return "[redacted api token]";
  }
}

export function generateApiTokenValue(hasher: KeyedHasher, prefix: string = API_TOKEN_PREFIX) {
  const value = `${prefix}${randomBytes(32).toString("base64url")}`;
  return {
    value: new ApiTokenValue(value),
    prefix: value.slice(0, prefix.length + DISPLAY_RANDOM_LENGTH),
    digest: apiTokenDigest(hasher, value),
  };
}

export const apiTokenDigest = (hasher: KeyedHasher, value: string) => hasher.digest("api-token", value);

/**
 * The keyed digest of the token in an Authorization header (RFC 6750 §2.1) whose value starts with
 * `prefix`, or null for anything else: the lookup key of both kinds of token.
 */
export function bearerTokenDigest(hasher: KeyedHasher, authorization: string | null, prefix: string): string | null {
  const value = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization?.trim() ?? "")?.[1];
  return value?.startsWith(prefix) ? apiTokenDigest(hasher, value) : null;
}

/** What token lists show (the vendor's and an organization's): never the digest. */
export const listedTokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  expiresAt: apiTokens.expiresAt,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  lastUsedFrom: apiTokens.lastUsedFrom,
  overlapEndsAt: apiTokens.overlapEndsAt,
  revokedAt: apiTokens.revokedAt,
};

/** What a newly issued (created or rolled) token answers with, beside its value: never the digest. */
export const issuedTokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  expiresAt: apiTokens.expiresAt,
};
