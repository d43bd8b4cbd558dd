import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonical JSON", () => {
  it("writes the same text whatever order the keys were set in, dates as ISO strings", () => {
    const at = new Date("2026-12-07T01:02:03.004Z");
    const one = { b: 1, a: { y: [2, { d: null, c: at }], x: 'é"\n' }, c: undefined };
    const other = { a: { x: 'é"\n', y: [2, { c: at, d: null }] }, b: 1 };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(canonicalJson(one)).toBe(`{"a":{"x":"é\\"\\n","y":[2,{"c":"2026-12-07T01:02:03.004Z","d":null}]},"b":1}`);
  });

  it("writes an undefined array item as null, as JSON.stringify does", () => {
    expect(canonicalJson([undefined, 1])).toBe("[null,1]");
  });
});
