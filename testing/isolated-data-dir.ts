import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * Each test file gets its own REKEY_DATA_DIR. Code that reaches the process's own services (a server
 * action calling `appServices()` in the probes) opens the embedded database there; the default,
 * `.data` in the checkout, is shared by every file running side by side and by the developer's
 * `npm run dev`, so two files would create it at once and one would find the database without its
 * secrets file.
 *
 * Named here, made by whatever first writes into it (the app's data dir, like `.data`, is created on
 * first use): a file whose tests are all skipped runs no `afterAll`, and a folder made up front for
 * it was left in the temp directory on every run.
 */
const dataDir = path.join(tmpdir(), `rekey-test-data-${randomUUID()}`);
process.env.REKEY_DATA_DIR = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
