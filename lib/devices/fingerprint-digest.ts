import type { KeyedHasher } from "@/lib/crypto";

/** Online clients send their fingerprint; only this keyed hash of it is ever stored or compared. */
export function onlineFingerprintDigest(hasher: KeyedHasher, fingerprint: string): string {
  return hasher.digest("device-fingerprint", fingerprint);
}

/**
 * Air-gapped clients hand over only the SDK's fingerprint hash (in an offline request file), never
 * the fingerprint, so their identity is the keyed hash of that. A separate purpose keeps the two
 * kinds of digest from ever matching each other.
 */
export function offlineFingerprintDigest(hasher: KeyedHasher, fingerprintHash: string): string {
  return hasher.digest("device-fingerprint-hash", fingerprintHash);
}
