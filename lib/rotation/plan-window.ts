/**
 * When the next rotation window opens. The customer picks weekdays, a local start time and a
 * time zone; we compute in that zone with luxon so "Tuesday 22:00 Europe/Berlin" stays 22:00 on
 * the wall clock across DST changes. A start time that does not exist on a spring-forward day
 * moves forward (luxon's rule, and what a person expects); an ambiguous one on a fall-back day
 * takes the first occurrence.
 */
import { DateTime } from "luxon";

export interface RotationWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Minutes after local midnight. */
  startMinute: number;
  durationMinutes: number;
  timeZone: string;
}

export interface FreezePeriod {
  startsAt: Date;
  endsAt: Date;
}

const MAX_DAYS_SEARCHED = 3 * 366;

export function isValidTimeZone(timeZone: string): boolean {
  return DateTime.local().setZone(timeZone).isValid;
}

/**
 * The first window opening at or after `notBefore` whose whole span avoids every freeze.
 * Returns null only if no window exists in three years (e.g. a freeze with no end in sight).
 */
export function nextWindowStart(window: RotationWindow, notBefore: Date, freezes: FreezePeriod[] = []): Date | null {
  const start = DateTime.fromJSDate(notBefore, { zone: window.timeZone }).startOf("day");
  for (let day = 0; day < MAX_DAYS_SEARCHED; day += 1) {
    const date = start.plus({ days: day });
    if (!window.weekdays.includes(date.weekday)) continue;
    const opens = date.set({
      hour: Math.floor(window.startMinute / 60),
      minute: window.startMinute % 60,
      second: 0,
      millisecond: 0,
    });
    if (opens.toMillis() < notBefore.getTime()) continue;
    const closes = opens.plus({ minutes: window.durationMinutes });
    const frozen = freezes.some(
      (freeze) => opens.toMillis() < freeze.endsAt.getTime() && closes.toMillis() > freeze.startsAt.getTime(),
    );
    if (!frozen) return opens.toJSDate();
  }
  return null;
}

/** The next `count` windows, for showing customers what they chose. */
export function upcomingWindows(
  window: RotationWindow,
  notBefore: Date,
  count: number,
  freezes: FreezePeriod[] = [],
): Date[] {
  const windows: Date[] = [];
  let cursor = notBefore;
  while (windows.length < count) {
    const next = nextWindowStart(window, cursor, freezes);
    if (!next) break;
    windows.push(next);
    cursor = new Date(next.getTime() + 60_000);
  }
  return windows;
}

/**
 * The scheduled rotation for a cadence: the first window at least `cadenceDays` after the last
 * rotation (or after now for a license that never rotated), never earlier than `earliest`
 * (which leaves room for the longest notice).
 */
export function planScheduledRotation({
  window,
  cadenceDays,
  lastRotatedAt,
  earliest,
  freezes = [],
}: {
  window: RotationWindow;
  cadenceDays: number;
  lastRotatedAt: Date;
  earliest: Date;
  freezes?: FreezePeriod[];
}): Date | null {
  const due = DateTime.fromJSDate(lastRotatedAt, { zone: window.timeZone }).plus({ days: cadenceDays }).toJSDate();
  return nextWindowStart(window, due > earliest ? due : earliest, freezes);
}
