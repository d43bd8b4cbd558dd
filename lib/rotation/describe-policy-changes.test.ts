import { describe, expect, it } from "vitest";
import { describePolicyChanges, type PolicyRules, rulesOf } from "./describe-policy-changes";
import { DEFAULT_POLICY } from "./find-rotation-policy";

const { version: _version, ...base } = DEFAULT_POLICY;
const rules = (changes: Partial<PolicyRules>): PolicyRules => ({ ...base, ...changes });

describe("describePolicyChanges", () => {
  it("says what changed in plain words, with the units a person uses", () => {
    const before = rules({ minOverlapMinutes: 7 * 1440, revocationUndoHours: 72, allowTokenBridging: false });
    const after = rules({ minOverlapMinutes: 14 * 1440, revocationUndoHours: 1, allowTokenBridging: true });
    expect(describePolicyChanges(before, after)).toEqual([
      "Minimum overlap changed from 7 days to 14 days",
      "Token bridging changed from off to on",
      "Revocation undo window changed from 72 hours to 1 hour",
    ]);
  });

  it("names a missing limit in words and compares cadences as lists", () => {
    const before = rules({ allowedCadenceDays: [30, 90], maxKeyAgeDays: null });
    const after = rules({ allowedCadenceDays: [30, 90, 180], maxKeyAgeDays: 365 });
    expect(describePolicyChanges(before, after)).toEqual([
      "Allowed cadences changed from every 30/90 days to every 30/90/180 days",
      "Maximum key age changed from no limit to 365 days",
    ]);
  });

  it("finds nothing to say between equal versions", () => {
    expect(describePolicyChanges(rules({}), rules({}))).toEqual([]);
  });

  it("copies only the rules of a stored version", () => {
    const stored = { ...rules({ minNoticeDays: 5 }), id: "policy-id", version: 3, productId: "p" };
    expect(rulesOf(stored)).toEqual(rules({ minNoticeDays: 5 }));
  });
});
