import type { OverageStrategy, UsagePeriod } from "@rekey/sdk";

/**
 * The usage-quota policy values (issue 18) in one place: how far `up_to_125_percent` lets usage
 * run past a quota, and at which shares of a quota the customer is emailed (once a period each).
 */
export const TOLERATED_OVERAGE_FACTOR = 1.25;
export const USAGE_ALERT_PERCENTS = [80, 100] as const;
export type UsageAlertPercent = (typeof USAGE_ALERT_PERCENTS)[number];

/** The most a license may record in one period under the edition's overage strategy. */
export function usageAllowance(limit: number, strategy: OverageStrategy): number {
  switch (strategy) {
    case "none":
      return limit;
    case "up_to_125_percent":
      return Math.floor(limit * TOLERATED_OVERAGE_FACTOR);
    case "always_allow":
      return Number.POSITIVE_INFINITY;
  }
}

/** The UTC calendar period `at` falls in: quotas start afresh on the first day (month, year) at 00:00 UTC. */
export function usagePeriodAt(period: UsagePeriod, at: Date): { startsAt: Date; endsAt: Date } {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const day = at.getUTCDate();
  switch (period) {
    case "day":
      return { startsAt: new Date(Date.UTC(year, month, day)), endsAt: new Date(Date.UTC(year, month, day + 1)) };
    case "month":
      return { startsAt: new Date(Date.UTC(year, month, 1)), endsAt: new Date(Date.UTC(year, month + 1, 1)) };
    case "year":
      return { startsAt: new Date(Date.UTC(year, 0, 1)), endsAt: new Date(Date.UTC(year + 1, 0, 1)) };
  }
}

/** The alert thresholds a record moved usage across: from below `percent` of the quota to at or above it. */
export function crossedAlertPercents(limit: number, before: number, after: number): UsageAlertPercent[] {
  return USAGE_ALERT_PERCENTS.filter((percent) => before * 100 < limit * percent && after * 100 >= limit * percent);
}
