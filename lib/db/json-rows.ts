/**
 * Batch writes with the whole batch in one JSON parameter. A bulk rotation step writes hundreds of
 * rows per statement; drizzle's builder spends tens of microseconds on every bound parameter (a
 * 250-row audit insert took longer to build than to run), and PostgreSQL caps a statement at
 * 65 535 parameters. Unpacking one JSON array in SQL costs neither.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./index";

type Row = Record<string, unknown>;

/** Writes `rows` (drizzle field names, as in `.values()`) in order; returns how many were new. */
export async function insertRows<Table extends PgTable>(
  tx: Executor,
  table: Table,
  rows: readonly Table["$inferInsert"][],
  { onConflictDoNothing = false }: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const fields = sameFields(rows as Row[], "insertRows");
  const columns = pick(table, fields);
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    columns.map(([, column], position) => readField(column, position)),
    sql`, `,
  );
  // `with ordinality … order by n` keeps the given order: identity values (the audit chain's ids) follow it.
  const result = await tx.execute(sql`
    insert into ${table} (${names})
    select ${values} from jsonb_array_elements(${encodeRows(
      columns.map(([field, column]) => ({ column, readValue: (row: Row) => row[field] })),
      rows as Row[],
    )}::jsonb) with ordinality as batch(doc, n) order by n
    ${onConflictDoNothing ? sql`on conflict do nothing` : sql``}
    returning 1`);
  return rowsOf(result).length;
}

/**
 * Updates each row by its `id`: `set` gives its new values and `where` (optional) the values it
 * must still have, the guard that makes a step lost to another worker change nothing. Every row
 * names the same fields. Returns the ids it updated.
 */
export async function updateRowsById<Table extends PgTable>(
  tx: Executor,
  table: Table,
  rows: readonly { id: string; set: Partial<Table["$inferInsert"]>; where?: Partial<Table["$inferSelect"]> }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const setFields = sameFields(
    rows.map((row) => row.set as Row),
    "updateRowsById set",
  );
  const whereFields = sameFields(
    rows.map((row) => (row.where ?? {}) as Row),
    "updateRowsById where",
  );
  const setColumns = pick(table, setFields);
  const guardColumns = pick(table, ["id", ...whereFields]);
  // Each row is one JSON array: the new values, then the guard's (id first).
  const encoded = encodeRows(
    [
      ...setColumns.map(([field, column]) => ({ column, readValue: (row: RowUpdate) => row.set[field] })),
      ...guardColumns.map(([field, column]) => ({
        column,
        readValue: (row: RowUpdate) => (field === "id" ? row.id : row.where?.[field]),
      })),
    ],
    rows as readonly RowUpdate[],
  );
  const assignments = sql.join(
    setColumns.map(([, column], position) => sql`${sql.identifier(column.name)} = ${readField(column, position)}`),
    sql`, `,
  );
  const guards = sql.join(
    guardColumns.map(
      ([, column], position) =>
        sql`${table}.${sql.identifier(column.name)} = ${readField(column, setColumns.length + position)}`,
    ),
    sql` and `,
  );
  // The planner guesses a JSON batch at 100 rows and may join it to a full scan of the table (a
  // fleet's rotations: 42 ms per 250-row step); `id = any(…)` makes it look each row up by key.
  const [, idColumn] = guardColumns[0]!;
  const result = await tx.execute(sql`
    with batch as materialized (select doc from jsonb_array_elements(${encoded}::jsonb) as batch(doc))
    update ${table} set ${assignments}
    from batch
    where ${table}.${sql.identifier(idColumn.name)} = any(array(select ${readField(idColumn, setColumns.length)} from batch))
      and ${guards}
    returning ${table}.id`);
  return rowsOf(result).map((row) => String((row as { id: unknown }).id));
}

function sameFields(rows: readonly Row[], what: string): string[] {
  const fields = Object.keys(rows[0]!).filter((field) => rows[0]![field] !== undefined);
  for (const row of rows) {
    const own = Object.keys(row).filter((field) => row[field] !== undefined);
    if (own.length !== fields.length || own.some((field) => !fields.includes(field)))
      throw new Error(`${what}: every row must name the same fields`);
  }
  return fields;
}

function pick(table: PgTable, fields: readonly string[]): [string, PgColumn][] {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  return fields.map((field) => {
    const column = columns[field];
    if (!column) throw new Error(`no column for field ${field}`);
    // `->>` gives an array as JSON text, which no cast turns into a PostgreSQL array.
    if (column.getSQLType().endsWith("[]"))
      throw new Error(`array column ${column.name} is not supported in a JSON batch`);
    return [field, column];
  });
}

const isJson = (column: PgColumn) => ["json", "jsonb"].includes(column.getSQLType());

type RowUpdate = { id: string; set: Row; where?: Row };

/**
 * One JSON array with one array per row, its values in the order of `fields`, each as the driver
 * would send it. Positions rather than named keys: a 250-row audit batch would otherwise repeat
 * every field name 250 times, for node to write and PostgreSQL to parse.
 */
function encodeRows<R>(
  fields: readonly { column: PgColumn; readValue: (row: R) => unknown }[],
  rows: readonly R[],
): string {
  return JSON.stringify(
    rows.map((row) =>
      fields.map(({ column, readValue }) => {
        const value = readValue(row);
        if (value === null || value === undefined || isJson(column)) return value ?? null;
        return column.mapToDriverValue(value);
      }),
    ),
  );
}

/** The value at `position` of the current JSON row, as the column's type. */
function readField(column: PgColumn, position: number): SQL {
  // A position we count, never input: inlined so the operator is the array one (`->> int`).
  const at = sql.raw(String(position));
  if (isJson(column)) return sql`(batch.doc -> ${at})`;
  return sql`(batch.doc ->> ${at})::${sql.raw(column.getSQLType())}`;
}

/**
 * `column = any(values)` with the values in one JSON parameter. drizzle's inArray binds each value
 * as its own parameter, and building those costs tens of microseconds apiece: a 250-rotation worker
 * batch reads by id lists half a dozen times. `= any(array(…))` still lets the planner look each
 * value up in the column's index.
 */
export function isAnyOf(column: PgColumn, values: readonly string[]): SQL {
  return sql`${column} = any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::${sql.raw(column.getSQLType())}))`;
}

/** postgres.js answers with the rows; PGlite with `{ rows }`. */
export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}
