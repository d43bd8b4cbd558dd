import { createHmac, hkdfSync } from "node:crypto";
import type { MasterKeyRing } from "@/lib/crypto";

/**
 * The keys of the audit chain's MAC, one per master key version: HKDF-SHA-256 (RFC 5869) of that
 * master key with its own purpose label, so the MAC key is independent of every other use of the
 * master key. Each event records the version it was keyed with, so a master-key rotation leaves
 * old events verifiable as long as their version stays in REKEY_MASTER_KEY.
 */
export interface AuditKeys {
  currentVersion: number;
  key(version: number): Buffer | undefined;
}

export function deriveAuditKeys(ring: MasterKeyRing): AuditKeys {
  const derived = new Map<number, Buffer>();
  return {
    currentVersion: ring.current.version,
    key(version) {
      const masterKey = ring.byVersion.get(version);
      if (!masterKey) return undefined;
      let key = derived.get(version);
      if (!key) {
        key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "rekey:audit-chain", 32));
        derived.set(version, key);
      }
      return key;
    },
  };
}

/** `mac = HMAC-SHA-256(K_audit, prevMac || hash)`: `hash` already commits to the event and the public chain. */
export function chainMac(key: Buffer, prevMac: string, hash: string): string {
  return createHmac("sha256", key).update(prevMac).update(hash).digest("hex");
}

const holder = globalThis as unknown as { __rekeyAuditKeys?: () => AuditKeys; __rekeyAuditKeysPinned?: boolean };

function memoised(ring: () => MasterKeyRing): () => AuditKeys {
  let keys: AuditKeys | undefined;
  return () => (keys ??= deriveAuditKeys(ring()));
}

/**
 * Registers where the audit chain's keys come from (the app's config module, and the test
 * database helper, do this once per process). Events are appended from inside a hundred use cases'
 * transactions; like the database opener in lib/db, the key ring is process configuration rather
 * than something every use case should carry. `globalThis`, because Next may load this module twice.
 */
export function configureAuditKeys(ring: () => MasterKeyRing): void {
  if (!holder.__rekeyAuditKeysPinned) holder.__rekeyAuditKeys ??= memoised(ring);
}

/** Test processes: these keys, whichever module configures the chain later (the app's config too). */
export function pinAuditKeys(ring: () => MasterKeyRing): void {
  holder.__rekeyAuditKeys = memoised(ring);
  holder.__rekeyAuditKeysPinned = true;
}

export function configuredAuditKeys(): AuditKeys {
  if (!holder.__rekeyAuditKeys)
    throw new Error(
      "Audit chain keys not configured: import '@/lib/config/server' (or open the database through testing/test-database.ts) first.",
    );
  return holder.__rekeyAuditKeys();
}
