import { describe, expect, it } from "vitest";
import { parseByteRange, rangeStillApplies } from "./byte-range";

describe("parseByteRange (RFC 9110 §14.2)", () => {
  it("sends the whole file without a Range header", () => {
    expect(parseByteRange(null, 100)).toEqual({ kind: "whole" });
  });

  it("resumes from an offset to the end", () => {
    expect(parseByteRange("bytes=40-", 100)).toEqual({ kind: "partial", start: 40, end: 99 });
  });

  it("serves a closed range and clips its end to the file", () => {
    expect(parseByteRange("bytes=0-9", 100)).toEqual({ kind: "partial", start: 0, end: 9 });
    expect(parseByteRange("bytes=90-500", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
  });

  it("serves a suffix range, all of the file when the suffix is longer", () => {
    expect(parseByteRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseByteRange("bytes=-500", 100)).toEqual({ kind: "partial", start: 0, end: 99 });
  });

  it("answers unsatisfiable for a range starting past the end or an empty suffix", () => {
    expect(parseByteRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores what it does not serve: other units, several ranges, bad syntax, reversed ranges", () => {
    for (const header of [
      "items=0-5",
      "bytes=0-5,10-20",
      "bytes=abc",
      "bytes=9-3",
      "bytes=-",
      `bytes=${"9".repeat(30)}-`,
    ])
      expect(parseByteRange(header, 100), header).toEqual({ kind: "whole" });
  });

  it("resumes only while If-Range still names the same file", () => {
    expect(rangeStillApplies(null, '"abc"')).toBe(true);
    expect(rangeStillApplies('"abc"', '"abc"')).toBe(true);
    expect(rangeStillApplies('"old"', '"abc"')).toBe(false);
  });
});
