/**
 * Entries of the portal's revocation feed and the offline question asked of them: "is this
 * license, or this key of it, revoked?". The feed names a key by its public prefix and its
 * license, never by the key itself, so the client compares prefixes.
 */
import { isRecord } from "./is-record.ts";
import { parseLicenseKeyPrefix } from "./license-key-prefix.ts";

export const REVOCATION_KINDS = ["license_key", "license", "signing_key", "device"] as const;

export type RevocationKind = (typeof REVOCATION_KINDS)[number];

/**
 * Why something was revoked, as a code modelled on RFC 5280 §5.3.1 (CRLReason): the feed is public,
 * so it never carries the sentences people typed when they revoked.
 */
export const REVOCATION_REASON_CODES = [
  "unspecified",
  "key_compromise",
  "superseded",
  "cessation_of_operation",
  "affiliation_changed",
  "privilege_withdrawn",
] as const;

export type RevocationReasonCode = (typeof REVOCATION_REASON_CODES)[number];

export interface RevocationEntry {
  /** Position in the append-only feed; a sync resumes after the highest one seen. */
  seq: number;
  kind: RevocationKind;
  /** `license_key`: the key's prefix (`RK-7F3Q`); `license`: the license id. */
  subject: string;
  /** The license the subject belongs to, where it belongs to one. */
  licenseId: string | null;
  /**
   * One of `REVOCATION_REASON_CODES`, for logs; not a sentence for the user. Typed open-ended so a
   * code added by a newer portal still parses: a revocation must never be dropped for its reason.
   */
  reason: RevocationReasonCode | (string & {});
  revokedAt: string;
}

export interface RevocationQuery {
  licenseId: string;
  /** The license key as the user typed or stored it; any case, spaces and dashes. */
  key?: string;
}

/** Anything that can say whether a license or key is revoked: a `RevocationSync`, or a plain list. */
export type RevocationSource = { isRevoked(query: RevocationQuery): Promise<boolean> } | readonly RevocationEntry[];

export async function isRevokedBy(revocations: RevocationSource, query: RevocationQuery): Promise<boolean> {
  return "isRevoked" in revocations ? revocations.isRevoked(query) : findRevocation(revocations, query) !== null;
}

/**
 * The revocation that applies to a license or to one of its keys, if any. A key is matched on its
 * prefix together with its license: a prefix is only 20 bits, so on its own it names keys of
 * other customers too.
 */
export function findRevocation(
  entries: readonly RevocationEntry[],
  { licenseId, key }: RevocationQuery,
): RevocationEntry | null {
  const prefix = key === undefined ? null : parseLicenseKeyPrefix(key);
  return (
    entries.find(
      (entry) =>
        (entry.kind === "license" && entry.subject === licenseId) ||
        (entry.kind === "license_key" && prefix !== null && entry.subject === prefix && entry.licenseId === licenseId),
    ) ?? null
  );
}

export function isRevocationEntry(value: unknown): value is RevocationEntry {
  return (
    isRecord(value) &&
    Number.isInteger(value.seq) &&
    REVOCATION_KINDS.some((kind) => kind === value.kind) &&
    typeof value.subject === "string" &&
    (value.licenseId === null || typeof value.licenseId === "string") &&
    typeof value.reason === "string" &&
    typeof value.revokedAt === "string"
  );
}
