import type { Sql, TransactionSql } from "postgres";

type Scope = Pick<Sql, "unsafe"> & Partial<Pick<Sql, "begin"> & Pick<TransactionSql, "savepoint">>;

/**
 * Makes every statement Drizzle sends through `sql` a prepared one, on the pool and in its
 * transactions and savepoints. Drizzle's postgres.js driver asks for an unnamed statement unless a
 * query is prepared by name (drizzle-orm#6096), so PostgreSQL parsed and planned each statement
 * anew; postgres.js's own default for its queries is to prepare each distinct statement once per
 * connection and then only bind and execute it. Measured on the license page's two-table and
 * four-table reads (issue 21): PostgreSQL 202–216 → 43–44 µs and node 105–148 → 48–57 µs per
 * statement. postgres.js keeps a connection's statements until the connection is replaced (its
 * `max_lifetime`, 30–60 minutes), and revalidates one whose table changed.
 */
export function prepareStatements<Scoped extends Scope>(sql: Scoped): Scoped {
  const { unsafe, begin, savepoint } = sql as unknown as Record<string, Method | undefined>;
  Object.assign(sql, {
    unsafe: (query: string, parameters?: unknown[], options?: object) =>
      unsafe!.call(sql, query, parameters, { ...options, prepare: true }),
  });
  // Both take an optional name or mode, then the callback that receives the transaction's handle.
  for (const [name, method] of [
    ["begin", begin],
    ["savepoint", savepoint],
  ] as const) {
    if (!method) continue;
    Object.assign(sql, {
      [name]: (...args: unknown[]) => {
        const callback = args.pop() as (tx: TransactionSql) => unknown;
        return method.call(sql, ...args, (tx: TransactionSql) => callback(prepareStatements(tx)));
      },
    });
  }
  return sql;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;
