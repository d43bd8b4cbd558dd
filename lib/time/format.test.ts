import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatDayInZone,
  formatInZone,
  formatMoment,
  formatRelative,
  formatShortDate,
} from "./format";

const eveningInBerlin = new Date("2026-12-08T21:00:00Z");

describe("time formatting", () => {
  it("labels every exact time with its zone, so the same instant reads differently but unambiguously", () => {
    expect(formatDateTime(eveningInBerlin, "UTC")).toBe("8 Dec 2026, 21:00 UTC");
    expect(formatDateTime(eveningInBerlin, "Europe/Berlin")).toBe("8 Dec 2026, 22:00 CET");
    expect(formatDateTime(eveningInBerlin, "America/New_York")).toBe("8 Dec 2026, 16:00 GMT-5");
    expect(formatDateTime(eveningInBerlin, "Asia/Kolkata")).toBe("9 Dec 2026, 02:30 GMT+5:30");
  });

  it("gives the calendar day of the zone asked for, not the server's", () => {
    expect(formatDate(eveningInBerlin, "America/New_York")).toBe("8 Dec 2026");
    expect(formatDate(eveningInBerlin, "Asia/Kolkata")).toBe("9 Dec 2026");
  });

  it("names the zone in full in email wording, for days as well as times", () => {
    expect(formatInZone(eveningInBerlin, "Europe/Berlin")).toBe(
      "Tuesday, 8 December 2026 at 22:00 CET (Europe/Berlin)",
    );
    expect(formatDayInZone(eveningInBerlin, "Asia/Kolkata")).toBe("9 December 2026 (Asia/Kolkata)");
    expect(formatShortDate(eveningInBerlin, "Asia/Kolkata")).toBe("9 Dec");
  });

  it("counts relative time from the now it is given", () => {
    expect(formatRelative(new Date("2026-12-11T21:00:00Z"), eveningInBerlin)).toBe("in 3 days");
    expect(formatRelative(new Date("2026-12-08T19:00:00Z"), eveningInBerlin)).toBe("2 hours ago");
    expect(formatRelative(eveningInBerlin, eveningInBerlin)).toBe("just now");
  });

  it("says when an action moved something to, in the zone given and naming it", () => {
    expect(formatMoment(new Date("2026-12-15T01:00:00Z"), "Europe/Berlin")).toBe("Tue 15 Dec, 02:00 Europe/Berlin");
    expect(formatMoment(new Date("2026-12-15T01:00:00Z"), "America/New_York")).toBe(
      "Mon 14 Dec, 20:00 America/New_York",
    );
  });
});
