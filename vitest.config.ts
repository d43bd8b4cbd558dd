import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Every test file runs once per project:
//   - `pglite`:   REKEY_TEST_DB=pglite   (in-process PGlite, always)
//   - `postgres`: REKEY_TEST_DB=postgres (real server at TEST_DATABASE_URL; only when
//                 that variable is set, e.g. by `npm test` / scripts/test.mjs)
//   - `sdk-webcrypto`: the SDK's tests again, with `#runtime-crypto` forced to the WebCrypto
//                 verifier that browsers and Deno get (Node resolves it to node:crypto).
// Pick one with `npx vitest run --project pglite`.

const root = fileURLToPath(new URL('./', import.meta.url));
// Per project, not at the top: a project that `extends` adds its own include to the top one.
const everyTestFile = ['lib/**/*.test.ts', 'emails/**/*.test.ts', 'app/**/*.test.ts', 'packages/**/*.test.ts', 'scripts/**/*.test.ts'];

export default defineConfig({
  resolve: {
    alias: { '@': root.replace(/\/$/, '') },
  },
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'pglite', include: everyTestFile, env: { REKEY_TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: everyTestFile, env: { REKEY_TEST_DB: 'postgres' } } }]
        : []),
      {
        extends: true,
        resolve: { alias: { '#runtime-crypto': `${root}packages/sdk/src/runtime-crypto/webcrypto.ts` } },
        test: { name: 'sdk-webcrypto', include: ['packages/sdk/**/*.test.ts'], env: { REKEY_SDK_RUNTIME_CRYPTO: 'webcrypto' } },
      },
    ],
  },
});
