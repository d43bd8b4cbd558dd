"use client";

import { useSyncExternalStore } from "react";
import { SERVER_RENDER_TIME_ZONE, formatDate, formatDateTime, formatRelative } from "@/lib/time/format";

const subscribeToNothing = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The viewer's IANA time zone. The server cannot know it, so the server and the first (hydrating)
 * browser render both use UTC, labelled as such, and React then re-renders with the browser's zone:
 * the HTML always matches the first client render (no hydration error #418), and what stays on the
 * screen is the viewer's own time (issue 16, item 2; lib/time/format.ts).
 */
export function useViewerTimeZone(): string {
  return useSyncExternalStore(subscribeToNothing, browserTimeZone, () => SERVER_RENDER_TIME_ZONE);
}

/** A day ("8 Dec 2026") or a relative time ("in 3 days") in the viewer's zone; the exact, labelled time on hover. */
export function Time({ date, now, mode = "date" }: { date: Date; now: Date; mode?: "date" | "relative" }) {
  const timeZone = useViewerTimeZone();
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date, timeZone)}>
      {mode === "relative" ? formatRelative(date, now) : formatDate(date, timeZone)}
    </time>
  );
}

/**
 * An exact time in the viewer's zone, labelled. `definedIn` is the zone the time was chosen in
 * (a license's rotation window): shown alongside, named, whenever it differs from the viewer's.
 */
export function ExactTime({ date, definedIn }: { date: Date; definedIn?: string }) {
  const timeZone = useViewerTimeZone();
  return (
    <time dateTime={date.toISOString()}>
      {formatDateTime(date, timeZone)}
      {definedIn && definedIn !== timeZone ? ` (${formatDateTime(date, definedIn)} in ${definedIn})` : null}
    </time>
  );
}

/** A point in time both ways (STYLE.md): relative for scanning, and exact in the viewer's zone below it. */
export function LocalTime({ date, now }: { date: Date; now: Date }) {
  const timeZone = useViewerTimeZone();
  return (
    <time dateTime={date.toISOString()}>
      {formatRelative(date, now)}
      <span className="block text-xs text-slate-500">{formatDateTime(date, timeZone)}</span>
    </time>
  );
}
