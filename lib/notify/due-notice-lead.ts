const DAY_MS = 86_400_000;

/**
 * Which lead time's notice is due now for a moment ahead (a rotation, an expiry): the shortest one
 * whose time has passed. Taking only the shortest means a worker that was down for a while sends
 * one current notice, not a burst of stale ones, and a longer lead never goes out after a shorter one.
 */
export function dueNoticeLead(moment: Date, leadDays: number[], now: Date): number | null {
  if (now >= moment) return null;
  const passed = leadDays.filter((lead) => moment.getTime() - lead * DAY_MS <= now.getTime());
  return passed.length ? Math.min(...passed) : null;
}

/** When the next notice for a moment ahead falls due, after the ones due by `now`; null when none is left. */
export function nextNoticeAt(moment: Date, leadDays: number[], now: Date): Date | null {
  const upcoming = leadDays
    .map((lead) => moment.getTime() - lead * DAY_MS)
    .filter((at) => at > now.getTime() && at < moment.getTime());
  return upcoming.length ? new Date(Math.min(...upcoming)) : null;
}
