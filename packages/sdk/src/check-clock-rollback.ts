/**
 * Offline expiry is only as good as the device clock, and setting the clock back is the cheapest
 * way to stretch an expired license. The caller persists the latest time this device has seen;
 * a clock now well behind it has been set back.
 */

/** Where the caller keeps the latest time seen, in epoch milliseconds (a file, the keychain, …). */
export interface LastSeenTimeStorage {
  get(): Promise<number | null>;
  set(ms: number): Promise<void>;
}

export type ClockReading = { isRolledBack: false } | { isRolledBack: true; lastSeenAt: Date };

/**
 * Compares `now` with the stored time and, unless the clock was set back, stores the later of the
 * two. `toleranceMs` absorbs ordinary corrections such as an NTP sync.
 */
export async function checkClockRollback(
  storage: LastSeenTimeStorage,
  now: Date,
  toleranceMs: number,
): Promise<ClockReading> {
  const lastSeenMs = await storage.get();
  const nowMs = now.getTime();
  if (lastSeenMs !== null && nowMs < lastSeenMs - toleranceMs) {
    return { isRolledBack: true, lastSeenAt: new Date(lastSeenMs) };
  }
  if (lastSeenMs === null || nowMs > lastSeenMs) await storage.set(nowMs);
  return { isRolledBack: false };
}
