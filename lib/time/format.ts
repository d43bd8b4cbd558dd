/**
 * The one way Rekey writes a point in time, for pages, dialogs and emails (issue 16, item 2).
 *
 * The rule: an exact time always names its zone. Pages show the viewer's own zone (the browser's,
 * swapped in after hydration by components/ui/local-time.tsx) and, where a time was defined in the
 * license's rotation window, the license's zone alongside. Emails cannot know the reader's zone, so
 * they write the license's zone and name it in full.
 *
 * Every formatter takes the zone explicitly: a default would silently become the process's zone on
 * the server and the browser's on the client, which is how the same page rendered two different
 * strings and React discarded it (hydration error #418).
 */

const LOCALE = "en-GB";
/** Day, 24-hour time and the zone's short name: the parts every exact time has. */
const EXACT_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
};

/**
 * Every format by name, each built once per (format, zone): making an Intl formatter costs about
 * 100 µs and using one about 3 µs, and a portal page shows dozens of times per request. The zones
 * are IANA names, so the cache stays as small as the list of zones.
 */
const DATE_TIME_FORMATS = {
  date: { dateStyle: "medium" },
  dateTime: { ...EXACT_TIME, month: "short" },
  inZone: { ...EXACT_TIME, weekday: "long", month: "long" },
  dayInZone: { day: "numeric", month: "long", year: "numeric" },
  shortDate: { day: "numeric", month: "short" },
  moment: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(name: keyof typeof DATE_TIME_FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${name} ${timeZone}`;
  let formatter = dateTimeFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALE, { ...DATE_TIME_FORMATS[name], timeZone });
    dateTimeFormatters.set(key, formatter);
  }
  return formatter;
}

const relativeTimeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "in 3 days", "2 hours ago": relative to the `now` the caller passes, so server and browser agree. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeTimeFormat.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** "8 Dec 2026": a calendar day in `timeZone` (the same instant is a different day elsewhere). */
export function formatDate(date: Date, timeZone: string): string {
  return dateTimeFormat("date", timeZone).format(date);
}

/** "8 Dec 2026, 22:00 CET": compact enough for a table cell, with the zone's abbreviation or offset. */
export function formatDateTime(date: Date, timeZone: string): string {
  return dateTimeFormat("dateTime", timeZone).format(date);
}

/** "Tuesday, 8 December 2026 at 22:00 CET (Europe/Berlin)": for emails, where the zone's full name removes any doubt. */
export function formatInZone(date: Date, timeZone: string): string {
  return `${dateTimeFormat("inZone", timeZone).format(date)} (${timeZone})`;
}

/** "8 December 2026 (Europe/Berlin)": a day in an email, named with its zone. */
export function formatDayInZone(date: Date, timeZone: string): string {
  return `${dateTimeFormat("dayInZone", timeZone).format(date)} (${timeZone})`;
}

/** "5 Dec": short enough for a subject line, unambiguous within a year; the body names the zone. */
export function formatShortDate(date: Date, timeZone: string): string {
  return dateTimeFormat("shortDate", timeZone).format(date);
}

/** The zone the server renders in before the browser has told it anything: the same everywhere, so hydration matches. */
export const SERVER_RENDER_TIME_ZONE = "UTC";

/** "Tue 15 Dec, 02:00 Europe/Berlin": what a toast says an action did, in the viewer's zone, named (issue 16 item 4). */
export function formatMoment(date: Date, timeZone: string): string {
  const parts = dateTimeFormat("moment", timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value;
  return `${part("weekday")} ${part("day")} ${part("month")}, ${part("hour")}:${part("minute")} ${timeZone}`;
}

/** A whole number of minutes in the largest unit that divides it: "7 days", "3 hours", "45 minutes". */
export function formatDuration(minutes: number): string {
  if (minutes === 0) return "none";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return `${minutes} minutes`;
}
