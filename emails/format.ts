/** Date and duration wording shared by the templates; always in the recipient's zone. */

/** "Tuesday 8 December 2026, 22:00 CET (Europe/Berlin)": the zone's name removes any doubt. */
export function formatInZone(iso: string, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
  return `${formatted} (${timeZone})`;
}

export function formatDayInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone }).format(new Date(iso));
}

export function describeOverlap(minutes: number): string {
  if (minutes === 0) return "immediately";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"} later`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"} later`;
  return `${minutes} minutes later`;
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
