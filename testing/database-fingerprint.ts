/**
 * Whether a call under test wrote to the database: a digest per table (databaseFingerprint), and a
 * detector that takes it again only after a write (createChangeDetector). The probes of app/ ask
 * it around every refused call: a refusal must change nothing.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

/**
 * One digest per table of every row's content, in one round trip: cheap enough to take before and
 * after every fuzzed call, and it sees any write to any table, including tables added later.
 */
export async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf(
    (await db.execute(sql`select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle') order by 1, 2`)) as unknown as Rows<{
      table_schema: string;
      table_name: string;
    }>,
  );
  const parts = tables.map(
    ({ table_schema: schema, table_name: table }) =>
      sql`select ${`${schema}.${table}`}::text as name, md5(coalesce(string_agg(r, '|' order by r), '')) as digest from (select row_to_json(t)::text as r from ${sql.identifier(schema)}.${sql.identifier(table)} t) s`,
  );
  const rows = rowsOf(
    (await db.execute(sql.join(parts, sql` union all `))) as unknown as Rows<{ name: string; digest: string }>,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/**
 * Detects writes around many calls cheaply: the full fingerprint is taken again only after a
 * statement wrote to a table of this database. Every table gets a statement-level trigger that
 * bumps one sequence (nextval is not rolled back, so even an aborted write counts; the fingerprint
 * then decides). The snapshot's xmax did this before, but it moves with every other database's
 * writes on the shared test server, so the parallel run fingerprinted before nearly every call.
 */
export function createChangeDetector(db: Db) {
  let cached: { writes: string; fingerprint: Record<string, string> } | undefined;
  let counting: Promise<unknown> | undefined;
  const writes = async () => {
    counting ??= (async () => {
      for (const statement of COUNT_TABLE_WRITES) await db.execute(sql.raw(statement));
    })();
    await counting;
    return rowsOf(
      (await db.execute(
        sql`select last_value::text || ':' || is_called::text as writes from probe_table_writes`,
      )) as unknown as Rows<{ writes: string }>,
    )[0]!.writes;
  };
  const current = async () => {
    const at = await writes();
    if (cached?.writes !== at) cached = { fingerprint: await databaseFingerprint(db), writes: at };
    return cached.fingerprint;
  };
  return {
    /** Call before the call under test. */
    before: current,
    /** Tables changed since `before` returned `fingerprint`. */
    changedSince: async (fingerprint: Record<string, string>) => changedTables(fingerprint, await current()),
  };
}

/** One trigger per table of the app's schemas, created once per test database (createChangeDetector). */
const COUNT_TABLE_WRITES = [
  "create sequence if not exists probe_table_writes",
  `create or replace function probe_count_table_write() returns trigger language plpgsql as
    'begin perform nextval(''probe_table_writes''); return null; end'`,
  `do $install$
  declare t record;
  begin
    for t in select schemaname, tablename from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema', 'drizzle')
    loop
      execute format(
        'create or replace trigger probe_count_table_write after insert or update or delete or truncate on %I.%I for each statement execute function probe_count_table_write()',
        t.schemaname, t.tablename);
    end loop;
  end
  $install$`,
];

/** Tables whose content differs between two fingerprints. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((name) => before[name] !== after[name])
    .sort();
}
