/**
 * Sorts the Vitest files into pure tests and database tests by their import graph, so a new test
 * file is classified by what it imports, never by a list someone must keep up to date: a file whose
 * static or dynamic imports reach testing/test-database.ts (directly, or through a helper such as
 * testing/app-harness.ts or testing/device-testbed.ts) is a database test. Read by
 * vitest.config.ts, which runs pure tests once and database tests on each engine that matters.
 */
import fs from "node:fs";
import path from "node:path";

const TEST_ROOTS = ["lib", "emails", "app", "components", "packages", "scripts", "testing"];
const DATABASE_TEST_HELPER = "testing/test-database.ts";
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
const RESOLVE_SUFFIXES = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.tsx"];

/** @param {string} root @param {string} dir @returns {string[]} */
function listTestFiles(root, dir) {
  const entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : listTestFiles(root, relative);
    return entry.name.endsWith(".test.ts") ? [relative] : [];
  });
}

/**
 * The repository file an import names, or null for packages (only `@/` and relative imports are ours).
 * @param {string} root @param {string} fromFile @param {string} specifier @returns {string | null}
 */
function resolveImport(root, fromFile, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(fromFile), specifier);
  else return null;
  for (const suffix of RESOLVE_SUFFIXES) {
    if (fs.statSync(path.join(root, base + suffix), { throwIfNoEntry: false })?.isFile()) return base + suffix;
  }
  return null;
}

/**
 * @param {string} root the repository
 * @returns {{ pure: string[], database: string[] }} root-relative paths: files that never open a
 *   database, and files that open one through testing/test-database.ts
 */
export function classifyTestFiles(root) {
  const testFiles = TEST_ROOTS.filter((dir) => fs.existsSync(path.join(root, dir)))
    .flatMap((dir) => listTestFiles(root, dir))
    .sort();
  /** @type {Map<string, Set<string>>} */
  const importedBy = new Map();
  const seen = new Set(testFiles);
  const queue = [...testFiles];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.pop());
    for (const [, specifier] of fs.readFileSync(path.join(root, file), "utf8").matchAll(IMPORT_SPECIFIER)) {
      const target = resolveImport(root, file, specifier);
      if (!target) continue;
      importedBy.set(target, (importedBy.get(target) ?? new Set()).add(file));
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  // Everything that reaches the helper: walk the import edges backwards from it.
  const reachesDatabase = new Set([DATABASE_TEST_HELPER]);
  const pending = [DATABASE_TEST_HELPER];
  while (pending.length > 0) {
    for (const importer of importedBy.get(/** @type {string} */ (pending.pop())) ?? []) {
      if (!reachesDatabase.has(importer)) {
        reachesDatabase.add(importer);
        pending.push(importer);
      }
    }
  }
  return {
    pure: testFiles.filter((file) => !reachesDatabase.has(file)),
    database: testFiles.filter((file) => reachesDatabase.has(file)),
  };
}

/**
 * A path as a glob matching exactly that file (route groups such as `app/(portal)` are glob syntax).
 * @param {string} file
 */
export function exactGlob(file) {
  return file.replace(/[()[\]{}*?!+@]/g, "\\$&");
}

/**
 * Test files that change what every later importer of a module would see: they replace modules
 * (`vi.mock`), stub the environment or globals, or set `process.env` themselves. They get a fresh
 * module graph of their own; every other file may share its worker's already-imported modules with
 * the files before it (vitest `isolate: false`), which saves re-importing the app's domain modules
 * per file (issue 23: 16 lib/rotation files took 194 CPU-s isolated and 113 CPU-s shared, import
 * 114 s against 14 s).
 */
const CHANGES_SHARED_MODULES =
  /vi\.(?:mock|doMock|stubEnv|stubGlobal|resetModules|unstubAllEnvs)\(|process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env/;

/** A file that runs the app's entry points through testing/app-harness.ts. */
const IMPORTS_APP_HARNESS = /["']@\/testing\/app-harness["']/;

/**
 * @param {string} root the repository
 * @param {string[]} files root-relative test files
 * @returns {{ shared: string[], isolated: string[], appHarness: string[] }} `appHarness`: files that
 *   import testing/app-harness.ts and change nothing else, which share modules with each other under
 *   the harness's mocks (testing/app-harness-setup.ts); a harness file with mocks of its own is isolated
 */
export function splitByModuleSharing(root, files) {
  const source = new Map(files.map((file) => [file, fs.readFileSync(path.join(root, file), "utf8")]));
  const isolated = files.filter((file) => CHANGES_SHARED_MODULES.test(source.get(file)));
  const appHarness = files.filter((file) => !isolated.includes(file) && IMPORTS_APP_HARNESS.test(source.get(file)));
  return {
    shared: files.filter((file) => !isolated.includes(file) && !appHarness.includes(file)),
    isolated,
    appHarness,
  };
}
