import { isLive, type LicenseStatus } from "./license-transitions";

/** A license is "expiring soon" inside this many days: long enough to renew without a gap. */
export const EXPIRING_SOON_DAYS = 30;

const DAY_MS = 86_400_000;

export function daysUntil(date: Date, now: Date): number {
  return Math.ceil((date.getTime() - now.getTime()) / DAY_MS);
}

export function isExpiringSoon(license: { status: LicenseStatus; expiresAt: Date | null }, now: Date): boolean {
  if (!isLive(license) || !license.expiresAt) return false;
  const days = daysUntil(license.expiresAt, now);
  return days >= 0 && days <= EXPIRING_SOON_DAYS;
}

/** When an expired license's grace ends (its features stop), or null when it has no expiry date. */
export function expiryGraceEndsAt(expiresAt: Date | null, graceDays: number): Date | null {
  return expiresAt ? new Date(expiresAt.getTime() + graceDays * DAY_MS) : null;
}
