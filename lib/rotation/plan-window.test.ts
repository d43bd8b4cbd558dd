import { describe, expect, it } from "vitest";
import { nextWindowStart, planScheduledRotation, upcomingWindows, type RotationWindow } from "./plan-window";

const berlinTuesday22: RotationWindow = {
  weekdays: [2],
  startMinute: 22 * 60,
  durationMinutes: 120,
  timeZone: "Europe/Berlin",
};
const newYorkSunday0230: RotationWindow = {
  weekdays: [7],
  startMinute: 2 * 60 + 30,
  durationMinutes: 60,
  timeZone: "America/New_York",
};
const newYorkSunday0130: RotationWindow = {
  weekdays: [7],
  startMinute: 60 + 30,
  durationMinutes: 60,
  timeZone: "America/New_York",
};

describe("rotation windows across time zones and DST", () => {
  it("keeps the local wall-clock time across Europe's spring and autumn changes", () => {
    // 2026-03-29 Europe springs forward; Tuesday 2026-03-24 is CET (+1), Tuesday 2026-03-31 is CEST (+2).
    expect(nextWindowStart(berlinTuesday22, new Date("2026-03-23T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-24T21:00:00.000Z",
    );
    expect(nextWindowStart(berlinTuesday22, new Date("2026-03-25T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-31T20:00:00.000Z",
    );
    // 2026-10-25 Europe falls back: Tuesday 2026-10-20 is CEST, Tuesday 2026-10-27 is CET.
    expect(nextWindowStart(berlinTuesday22, new Date("2026-10-19T00:00:00Z"))?.toISOString()).toBe(
      "2026-10-20T20:00:00.000Z",
    );
    expect(nextWindowStart(berlinTuesday22, new Date("2026-10-21T00:00:00Z"))?.toISOString()).toBe(
      "2026-10-27T21:00:00.000Z",
    );
  });

  it("moves a start time that does not exist on the US spring-forward night to the first real minute after it", () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT: 02:30 does not exist that Sunday.
    const opens = nextWindowStart(newYorkSunday0230, new Date("2026-03-07T12:00:00Z"));
    expect(opens?.toISOString()).toBe("2026-03-08T07:30:00.000Z"); // 03:30 EDT
    expect(nextWindowStart(newYorkSunday0230, new Date("2026-03-09T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-15T06:30:00.000Z",
    );
  });

  it("takes the first of the two 01:30s on the US fall-back night", () => {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens twice; the first is EDT (-4).
    expect(nextWindowStart(newYorkSunday0130, new Date("2026-10-31T12:00:00Z"))?.toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });

  it("respects the date line: a Monday window in Auckland opens on Sunday UTC", () => {
    const auckland: RotationWindow = {
      weekdays: [1],
      startMinute: 9 * 60,
      durationMinutes: 60,
      timeZone: "Pacific/Auckland",
    };
    expect(nextWindowStart(auckland, new Date("2026-11-22T00:00:00Z"))?.toISOString()).toBe("2026-11-22T20:00:00.000Z");
  });

  it("never plans inside a freeze, including a window that would run into one", () => {
    const freeze = { startsAt: new Date("2026-03-24T22:30:00Z"), endsAt: new Date("2026-04-01T00:00:00Z") };
    expect(nextWindowStart(berlinTuesday22, new Date("2026-03-23T00:00:00Z"), [freeze])?.toISOString()).toBe(
      "2026-04-07T20:00:00.000Z",
    );
  });

  it("lists the next windows in order", () => {
    const twiceWeekly: RotationWindow = { ...berlinTuesday22, weekdays: [2, 4] };
    expect(upcomingWindows(twiceWeekly, new Date("2026-11-23T12:00:00Z"), 3).map((d) => d.toISOString())).toEqual([
      "2026-11-24T21:00:00.000Z",
      "2026-11-26T21:00:00.000Z",
      "2026-12-01T21:00:00.000Z",
    ]);
  });

  it("plans by cadence from the last rotation, across a month end, and never before the notice period allows", () => {
    const last = new Date("2026-01-31T21:00:00Z");
    // 30 days after 31 Jan lands on 2 Mar (February is short); the next Tuesday window is 3 Mar.
    expect(
      planScheduledRotation({
        window: berlinTuesday22,
        cadenceDays: 30,
        lastRotatedAt: last,
        earliest: last,
      })?.toISOString(),
    ).toBe("2026-03-03T21:00:00.000Z");
    const earliest = new Date("2026-03-10T00:00:00Z");
    expect(
      planScheduledRotation({ window: berlinTuesday22, cadenceDays: 30, lastRotatedAt: last, earliest })?.toISOString(),
    ).toBe("2026-03-10T21:00:00.000Z");
  });
});
