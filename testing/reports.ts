/**
 * Figures the reliability suites record (how many inputs tried, what held) as JSON under
 * `reports/`, one file per suite and database; `npm run reliability:report` turns them into
 * docs/RELIABILITY.md, so no figure there is typed by hand.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPORTS_DIR = path.join(process.cwd(), "reports");

export function writeReport(suite: string, figures: object, database = process.env.REKEY_TEST_DB ?? "pglite"): void {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const file = path.join(REPORTS_DIR, `${suite}.${database}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ suite, database, recordedAt: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}
