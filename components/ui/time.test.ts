import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExactTime, LocalTime, Time } from "./time";

const eveningInBerlin = new Date("2026-12-08T21:00:00Z");
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&nbsp;/g, " ");

/**
 * The server's HTML is what the browser's first render must reproduce (React error #418 otherwise),
 * so it may depend on nothing the browser sees differently: it is written in UTC and says so.
 */
describe("times on the server render", () => {
  it("writes an exact time in UTC, labelled, with the zone it was defined in named beside it", () => {
    const html = renderToString(createElement(ExactTime, { date: eveningInBerlin, definedIn: "Europe/Berlin" }));
    expect(text(html)).toBe("8 Dec 2026, 21:00 UTC (8 Dec 2026, 22:00 CET in Europe/Berlin)");
    expect(html).toContain('dateTime="2026-12-08T21:00:00.000Z"');
  });

  it("does not repeat the defining zone when it is the one already shown", () => {
    expect(text(renderToString(createElement(ExactTime, { date: eveningInBerlin, definedIn: "UTC" })))).toBe(
      "8 Dec 2026, 21:00 UTC",
    );
  });

  it("renders the same text whatever the server process's own zone is", () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "Asia/Kolkata";
      const inKolkata = renderToString(createElement(LocalTime, { date: eveningInBerlin, now: eveningInBerlin }));
      process.env.TZ = "America/New_York";
      expect(renderToString(createElement(LocalTime, { date: eveningInBerlin, now: eveningInBerlin }))).toBe(inKolkata);
      expect(renderToString(createElement(Time, { date: eveningInBerlin, now: eveningInBerlin }))).toContain(
        'title="8 Dec 2026, 21:00 UTC"',
      );
    } finally {
      process.env.TZ = before;
    }
  });
});
