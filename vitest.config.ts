import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { classifyTestFiles, exactGlob, splitByModuleSharing } from "./scripts/test-file-kinds.mjs";

// Which files run where (scripts/test-file-kinds.ts decides "database test" from the import graph:
// a file reaching testing/test-database.ts is one; everything else is a pure test):
//
// With TEST_DATABASE_URL (set by `npm test` / scripts/test.mjs):
//   - `pure`:     pure tests, once (no engine to vary).
//   - `postgres`: every database test, each file on its own copy of a template database migrated
//                 once per run (testing/test-template-setup.ts).
//   - `pglite`:   the database tests where the engine matters — those of lib/db/ and lib/bootstrap/, the embedded
//                 database code itself (opening, migrating, seeding, LISTEN/NOTIFY, outages), the
//                 revocation stream's LISTEN fan-out, and second-factor guesses (counted outside
//                 the checking transaction: one PGlite connection deadlocks where a pool does not).
//                 Everything else is plain SQL through Drizzle that behaves the same on both
//                 engines; PostgreSQL is the one production (and the e2e suite's deployment) runs on.
// Without it (a quick local `npx vitest run`): `pglite` runs every test file.
//   - `sdk-webcrypto`: the SDK's tests again, with `#runtime-crypto` forced to the WebCrypto
//                 verifier that browsers and Deno get (Node resolves it to node:crypto).
// Pick one with `npx vitest run --project pglite`.

const root = fileURLToPath(new URL("./", import.meta.url));
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const kinds = classifyTestFiles(root);
const engineMatters = (file: string) =>
  ["lib/db/", "lib/bootstrap/", "lib/licensing/revocation-stream", "lib/mfa/"].some((prefix) =>
    file.startsWith(prefix),
  );
const templateSetup = "testing/test-template-setup.ts";

const pglite = { REKEY_TEST_DB: "pglite" };
const postgres = { REKEY_TEST_DB: "postgres" };
// Per project, not at the top: a project that `extends` adds its own include to the top one.
/**
 * A project's files in three (scripts/test-file-kinds.mjs `splitByModuleSharing`): those that may
 * share their worker's imported modules with the files before them (`isolate: false`); those that
 * run the app through testing/app-harness.ts, which share modules with each other under the
 * harness's mocks, set up once per file by testing/app-harness-setup.ts; and those that change
 * modules or the environment for whoever imports after them, which get their own.
 */
function sharingModules(
  name: string,
  files: string[],
  test: Record<string, unknown>,
  project: Record<string, unknown> = {},
) {
  const { shared, isolated, appHarness } = splitByModuleSharing(root, files);
  return [
    { ...project, extends: true as const, test: { ...test, name, include: shared.map(exactGlob), isolate: false } },
    {
      ...project,
      extends: true as const,
      test: {
        ...test,
        name: `${name}-app`,
        include: appHarness.map(exactGlob),
        isolate: false,
        setupFiles: ["testing/app-harness-setup.ts"],
      },
    },
    {
      ...project,
      extends: true as const,
      test: { ...test, name: `${name}-isolated`, include: isolated.map(exactGlob) },
    },
  ];
}

const projects = hasPostgres
  ? [
      ...sharingModules("pure", kinds.pure, {}),
      ...sharingModules("postgres", kinds.database, { env: postgres, globalSetup: [templateSetup] }),
      ...sharingModules("pglite", kinds.database.filter(engineMatters), { env: pglite }),
    ]
  : sharingModules("pglite", [...kinds.pure, ...kinds.database], { env: pglite });

export default defineConfig({
  resolve: {
    // server-only fences secret holders out of client bundles in Next; under vitest it is the empty module Next maps it to on the server.
    alias: {
      "@": root.replace(/\/$/, ""),
      "@rekey/sdk": `${root}packages/sdk/src/index.ts`,
      "server-only": `${root}node_modules/next/dist/compiled/server-only/empty.js`,
    },
  },
  test: {
    environment: "node",
    pool: "forks",
    // Files wait on PostgreSQL and on each other's I/O much of the time: two at once keeps a
    // 2-CPU machine busy where vitest's default (CPUs - 1) would run them one by one.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["testing/isolated-data-dir.ts"],
    projects: [
      ...projects,
      // Its files share modules like the others': one process for all 21 instead of one each.
      ...sharingModules(
        "sdk-webcrypto",
        [...kinds.pure, ...kinds.database].filter((file) => file.startsWith("packages/sdk/")),
        { env: { REKEY_SDK_RUNTIME_CRYPTO: "webcrypto" } },
        { resolve: { alias: { "#runtime-crypto": `${root}packages/sdk/src/runtime-crypto/webcrypto.ts` } } },
      ),
    ],
  },
});
