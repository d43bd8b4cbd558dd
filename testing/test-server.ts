/**
 * The PostgreSQL server tests run on (TEST_DATABASE_URL, set by `npm test`). Kept free of vitest
 * imports: the template setup (testing/test-template-setup.ts) uses it in vitest's main process. Refuses anything but a local server,
 * so a test can never touch a real database.
 */
import { openDatabase, type OpenDatabase } from "@/lib/db";
import { createThrowawayDatabase } from "../bench/throwaway-postgres";

function assertLocal(url: URL): void {
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against non-local database host ${url.hostname}`);
  }
}

/**
 * A new database on the test server (TEST_DATABASE_URL), empty or copied from `template`; `drop()`
 * removes it again.
 */
export function createTestServerDatabase(prefix: string, template?: string) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("REKEY_TEST_DB=postgres needs TEST_DATABASE_URL");
  assertLocal(new URL(serverUrl));
  return createThrowawayDatabase(serverUrl, prefix, { template });
}

/** A new database on the test server, copied from `template` or migrated from scratch, and dropped again by `close`. */
export async function openThrowawayDatabase(template?: string): Promise<OpenDatabase> {
  const { databaseUrl, drop } = await createTestServerDatabase("rekey_test", template);
  const opened = await openDatabase({ databaseUrl, maxConnections: 5 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await drop();
    },
  };
}
