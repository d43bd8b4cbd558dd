import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Keyed digests for lookups (license keys, device fingerprints). One server secret, separate
 * sub-keys per purpose (HKDF, RFC 5869) so a digest of one kind can never match another kind.
 * Independent of the master key: rotating that must not change every lookup digest.
 */
export type DigestPurpose =
  | "license-key"
  | "device-fingerprint"
  | "device-fingerprint-hash"
  | "network"
  | "recovery-code"
  | "status-unsubscribe"
  | "api-token"
  | "download-link"
  | "seat-token"
  | "license-key-sign-in-code";

export interface KeyedHasher {
  digest(purpose: DigestPurpose, value: string): string;
}

export function createKeyedHasher(secret: string): KeyedHasher {
  const subKeys = new Map<DigestPurpose, Buffer>();
  const subKey = (purpose: DigestPurpose) => {
    let key = subKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", Buffer.from(secret), Buffer.alloc(0), `rekey:${purpose}`, 32));
      subKeys.set(purpose, key);
    }
    return key;
  };
  return {
    digest: (purpose, value) => createHmac("sha256", subKey(purpose)).update(value).digest("hex"),
  };
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
