import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** In `setPerRow`, a row that does not name a column keeps what it has. */
const KEEP = Symbol("keep the stored value");

/**
 * The value each row gets, as one SQL expression keyed on the row's id: a plain parameter when all
 * rows share it, otherwise `CASE id WHEN … THEN … END`. This lets one UPDATE (or one WHERE guard)
 * cover a batch of rows that each need their own value, instead of a statement per row.
 */
export function valueById(idColumn: PgColumn, column: PgColumn, valueOf: ReadonlyMap<string, unknown>): unknown {
  const values = [...valueOf.values()];
  if (values[0] !== KEEP && values.every((value) => isSameValue(value, values[0]))) return values[0];
  const branches = [...valueOf].map(([id, value]) => sql`when ${sql.param(id, idColumn)} then ${branchValue(column, value)}`);
  return sql`case ${idColumn} ${sql.join(branches, sql` `)} end`;
}

/**
 * The `.set()` object for a batch of rows: every column that any row names, each with its
 * per-row value (`undefined` means "leave it", as in a single-row `.set()`).
 */
export function setPerRow(idColumn: PgColumn, columns: Record<string, PgColumn>, rows: readonly { id: string; values: Record<string, unknown> }[]): Record<string, unknown> {
  const names = new Set(rows.flatMap((row) => Object.keys(row.values).filter((name) => row.values[name] !== undefined)));
  return Object.fromEntries(
    [...names].map((name) => [name, valueById(idColumn, columns[name]!, new Map(rows.map((row) => [row.id, row.values[name] === undefined ? KEEP : row.values[name]])))]),
  );
}

function branchValue(column: PgColumn, value: unknown): SQL | PgColumn {
  if (value === KEEP) return column;
  if (value === null) return sql`null`;
  // Cast to the column's type: a bare parameter in a CASE would be read as text.
  return sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`;
}

function isSameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}
