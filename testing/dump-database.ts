import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

/**
 * Every row of every table in every schema the app owns, as text: for proving that a value (a raw
 * fingerprint, a key) never reached the database in any column, whichever table a change adds.
 */
export async function dumpDatabase(db: Db): Promise<string> {
  const tables = rowsOf(
    (await db.execute(sql`select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`)) as unknown as Rows<{
      table_schema: string;
      table_name: string;
    }>,
  );
  const dumps: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const rows = rowsOf(
      (await db.execute(
        sql`select row_to_json(t)::text as row from ${sql.identifier(schema)}.${sql.identifier(table)} t`,
      )) as unknown as Rows<{ row: string }>,
    );
    dumps.push(`${schema}.${table}: ${rows.map((row) => row.row).join("\n")}`);
  }
  return dumps.join("\n");
}
