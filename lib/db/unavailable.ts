import { sql } from "drizzle-orm";
import type { Db } from "./index";

/** Socket errors (Node) and postgres.js's own codes for a connection that could not be made or was lost. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * PostgreSQL's own refusals that mean "not now" rather than "wrong query": class 08 (connection
 * exception), 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many connections).
 */
const isUnavailableSqlState = (code: string) =>
  code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code);

/**
 * Whether an error means the database cannot be reached at the moment (as opposed to a bug or bad
 * data). Drizzle wraps driver errors (`cause`) and a refused dual-stack connect is an AggregateError,
 * so the whole chain is searched.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (CONNECTION_ERROR_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))
  )
    return true;
  const nested = [
    (error as { cause?: unknown }).cause,
    ...(Array.isArray((error as { errors?: unknown }).errors) ? (error as { errors: unknown[] }).errors : []),
  ];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** One round trip: true when the database answers, false when it cannot be reached (other errors throw). */
export async function isDatabaseReachable(getDb: () => Promise<Db>): Promise<boolean> {
  try {
    await (await getDb()).execute(sql`select 1`);
    return true;
  } catch (error) {
    if (isDatabaseUnavailable(error)) return false;
    throw error;
  }
}
