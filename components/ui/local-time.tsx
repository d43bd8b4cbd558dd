"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime, formatRelative } from "./time";

const subscribeToNothing = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A point in time both ways (STYLE.md), with the exact time in the reader's own time zone. The
 * server does not know that zone, so it renders UTC and the browser swaps in its zone on hydration.
 */
export function LocalTime({ date, now }: { date: Date; now: Date }) {
  const timeZone = useSyncExternalStore(subscribeToNothing, browserTimeZone, () => "UTC");
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date, "UTC")}>
      {formatRelative(date, now)}
      <span className="block text-xs text-slate-500">{formatDateTime(date, timeZone)}</span>
    </time>
  );
}
