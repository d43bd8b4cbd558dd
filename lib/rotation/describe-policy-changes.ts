import { formatDuration } from "@/lib/time/format";
import type { DEFAULT_POLICY } from "./find-rotation-policy";

/** The rules of a policy version, without its identity (what a diff and a restore compare and copy). */
export type PolicyRules = Omit<typeof DEFAULT_POLICY, "version">;

const days = (count: number) => `${count} day${count === 1 ? "" : "s"}`;
const hours = (count: number) => `${count} hour${count === 1 ? "" : "s"}`;
const cadences = (list: readonly number[]) => (list.length ? `every ${list.join("/")} days` : "none");
const onOff = (isOn: boolean) => (isOn ? "on" : "off");

/**
 * How each rule reads to an admin (issue 22, "a diff between versions, shown in plain words").
 * One entry per rule, in the order the policy form shows them; a rule missing here would be a
 * change nobody is told about, which the type below forbids.
 */
const RULE_WORDS: { [Rule in keyof PolicyRules]: { name: string; words: (value: PolicyRules[Rule]) => string } } = {
  allowedCadenceDays: { name: "Allowed cadences", words: cadences },
  allowManualCadence: { name: "Manual rotation", words: (isAllowed) => (isAllowed ? "allowed" : "not allowed") },
  minOverlapMinutes: { name: "Minimum overlap", words: formatDuration },
  maxOverlapMinutes: { name: "Maximum overlap", words: formatDuration },
  minNoticeDays: { name: "Minimum notice", words: days },
  maxPostponeDays: { name: "Allowed postponement", words: days },
  allowTokenBridging: { name: "Token bridging", words: onOff },
  expiryGraceDays: { name: "Grace after expiry", words: days },
  maxKeyAgeDays: { name: "Maximum key age", words: (limit) => (limit === null ? "no limit" : days(limit)) },
  retireUnusedKeysAfterDays: {
    name: "Retiring unused keys",
    words: (after) => (after === null ? "never" : `after ${days(after)}`),
  },
  revocationUndoHours: { name: "Revocation undo window", words: hours },
};

/** "Minimum overlap changed from 7 days to 14 days", one sentence per rule that differs. */
export function describePolicyChanges(from: PolicyRules, to: PolicyRules): string[] {
  return (Object.keys(RULE_WORDS) as (keyof PolicyRules)[]).flatMap((rule) => {
    const { name, words } = RULE_WORDS[rule] as { name: string; words: (value: unknown) => string };
    const before = words(from[rule]);
    const after = words(to[rule]);
    return before === after ? [] : [`${name} changed from ${before} to ${after}`];
  });
}

/** Copies only the rules of a stored version, so a restore can never carry its id or version along. */
export function rulesOf(policy: PolicyRules): PolicyRules {
  return Object.fromEntries(
    (Object.keys(RULE_WORDS) as (keyof PolicyRules)[]).map((rule) => [rule, policy[rule]]),
  ) as PolicyRules;
}
