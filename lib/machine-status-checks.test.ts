import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 23: the state machines own their rules. A use case or page asks its machine
 * (`availableActions`, `assertAction`, the named predicates) instead of comparing status strings,
 * so "only an active license …" is written once. This scan keeps it so: outside a machine file
 * (`*-transitions.ts`, lib/state-machine.ts) and tests, no line compares a `status`/`state` to a
 * value, switches on one or looks one up in a list, unless the line says why with
 * `// machine-exception: <reason>`. Numeric, null and undefined comparisons are HTTP statuses and
 * React form states, not machine states.
 */
const ROOT = path.resolve(__dirname, "..");
// scripts/ is left out: its checks assert stored states from outside the app, as tests do.
const SCANNED = ["lib", "app", "components"];

const STATUS = String.raw`[\w$.?!\]\[]*\b(?:status|state)\b`;
const NOT_A_MACHINE_VALUE = String.raw`(?:\d|null\b|undefined\b)`;
const EQUALITY = "(?:[!=]==?)(?!=)";
const RULES: { name: string; pattern: RegExp }[] = [
  { name: "compares a status", pattern: new RegExp(String.raw`${STATUS}\s*${EQUALITY}(?!\s*${NOT_A_MACHINE_VALUE})`) },
  { name: "compares with a status", pattern: new RegExp(String.raw`${EQUALITY}\s*${STATUS}(?!\s*\()`) },
  { name: "switches on a status", pattern: new RegExp(String.raw`switch\s*\(\s*${STATUS}\s*\)`) },
  { name: "looks a status up in a list", pattern: new RegExp(String.raw`\.includes\(\s*${STATUS}\s*(?:\?\?[^)]*)?\)`) },
];
const EXCEPTION = /\/\/ machine-exception: \S.{3,}/;

/** Files that are part of a machine besides its transitions file, each with why. */
const MACHINE_FILES: Record<string, string> = {
  "lib/state-machine.ts": "the machine definition itself",
  "lib/rotation/rotation-steps.ts":
    "the rotation machine's worker steps: one step per state, the schedule the table implies",
};

function isMachineFileOrTest(file: string): boolean {
  return (
    file.endsWith("-transitions.ts") ||
    file in MACHINE_FILES ||
    /\.test\.tsx?$/.test(file) ||
    file.startsWith("testing/")
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [relative] : [];
  });
}

function findStatusComparisons(file: string, text: string): string[] {
  return text.split("\n").flatMap((line, index) => {
    if (EXCEPTION.test(line) || /^\s*(\*|\/\/)/.test(line)) return [];
    const rule = RULES.find(({ pattern }) => pattern.test(line));
    return rule ? [`${file}:${index + 1} ${rule.name}: ${line.trim()}`] : [];
  });
}

describe("machine status checks", () => {
  it("finds no status comparison outside the machine files and their tests", () => {
    const offenders = SCANNED.flatMap(sourceFiles)
      .filter((file) => !isMachineFileOrTest(file))
      .flatMap((file) => findStatusComparisons(file, readFileSync(path.join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("tells machine comparisons from HTTP statuses, form states and reasoned exceptions", () => {
    const scan = (line: string) => findStatusComparisons("x.ts", line).length;
    expect(scan(`if (license.status === "active") {`)).toBe(1);
    expect(scan(`const open = ["running", "paused"].includes(run.state);`)).toBe(1);
    expect(scan(`switch (rotation.state) {`)).toBe(1);
    expect(scan(`if ("revoked" !== key.state) return;`)).toBe(1);
    expect(scan(`rows.filter((row) => row.status !== "dead")`)).toBe(1);
    expect(scan(`if (response.status === 200) return;`)).toBe(0);
    expect(scan(`while (outage.status !== 303) {}`)).toBe(0);
    expect(scan(`const shown = state !== null && !state.ok;`)).toBe(0);
    expect(
      scan(
        `if (check.status === "invalid") return; // machine-exception: a checkpoint check's verdict, not a row state`,
      ),
    ).toBe(0);
    expect(scan(`const statuses = responses.map((response) => response.status);`)).toBe(0);
  });
});
