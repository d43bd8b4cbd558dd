// The Python client's test stages for scripts/test.mjs (node built-ins only): the shared protocol
// vectors the JS SDK and the Python client both check, and unittest's summary read into the
// counts of the final `tests:` line.
import fs from "node:fs";

export const PYTHON_PACKAGE = "packages/python";

/** The args of `python3 -m unittest discover` for the client's tests whose files match `pattern`. */
export function unittestArgs(pattern) {
  return ["-m", "unittest", "discover", "-v", "-s", `${PYTHON_PACKAGE}/tests`, "-t", PYTHON_PACKAGE, "-p", pattern];
}

/**
 * Counts from unittest's closing lines: "Ran N tests in …" then "OK", "OK (skipped=1)" or
 * "FAILED (failures=1, errors=2, skipped=3)". Without them the run died before reporting.
 */
export function unittestCounts(label, output, exitCode) {
  const ran = /^Ran (\d+) tests? in /m.exec(output ?? "");
  if (!ran)
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      notes: [`${label}: no unittest summary (exit ${exitCode}) (counted as 1 failure)`],
    };
  const count = (name) => Number(new RegExp(`${name}=(\\d+)`).exec(output)?.[1] ?? 0);
  const failed = count("failures") + count("errors") + count("unexpected successes");
  const skipped = count("skipped");
  const notes =
    exitCode !== 0 && failed === 0
      ? [`${label}: unittest exited with code ${exitCode} although no test failed (counted as 1 failure)`]
      : [];
  // A failing subTest counts as a failure of its own, so failures can outnumber the tests run.
  return { passed: Math.max(0, Number(ran[1]) - failed - skipped), failed: failed + notes.length, skipped, notes };
}

/** Reads a unittest log another stage wrote (the Playwright spec running the live tests). */
export function unittestLogCounts(label, file) {
  const output = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (output === null)
    return { passed: 0, failed: 1, skipped: 0, notes: [`${label}: did not run (no ${file}) (counted as 1 failure)`] };
  return unittestCounts(label, output, 0);
}
