import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A new directory for a test's scratch files (an artifact store, a file handed to a script), made
 * inside the test file's own REKEY_DATA_DIR (testing/isolated-data-dir.ts), so that it is removed
 * with that directory after the file instead of being left in the system's temp directory.
 */
export function scratchDir(prefix: string): string {
  const parent = process.env.REKEY_DATA_DIR ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, prefix));
}
