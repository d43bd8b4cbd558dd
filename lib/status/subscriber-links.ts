import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";

/**
 * Unsubscribe links carry a keyed hash of the subscriber id: every email can carry one without
 * storing a secret, and nobody can unsubscribe someone else by guessing ids.
 */
export function unsubscribeToken(hasher: KeyedHasher, subscriberId: string): string {
  return hasher.digest("status-unsubscribe", subscriberId);
}

export function isUnsubscribeTokenValid(hasher: KeyedHasher, subscriberId: string, token: string): boolean {
  return constantTimeEqual(unsubscribeToken(hasher, subscriberId), token);
}

export function unsubscribeUrl(portalUrl: string, hasher: KeyedHasher, subscriberId: string): string {
  return `${portalUrl}/status/unsubscribe?${new URLSearchParams({ s: subscriberId, token: unsubscribeToken(hasher, subscriberId) })}`;
}
