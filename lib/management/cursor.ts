import { and, eq, lt, or, type Column, type SQL } from "drizzle-orm";
import { InvalidInput } from "@/lib/errors";

/**
 * Cursor pagination for the management API: newest first, keyset on (created at, id) so pages stay
 * stable while rows are added. The cursor is opaque to clients (base64url JSON); a malformed one is
 * a 400 naming `cursor`, never a 500.
 */
export interface CursorPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString("base64url");
}

/** Row ids are uuids, audit event ids are sequence numbers. */
const ROW_ID = /^[0-9a-f-]{1,36}$/i;

export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined) return null;
  const refused = new InvalidInput("The cursor is not one this API gave out.", {
    cursor: ["Pass back `nextCursor` from the previous page unchanged."],
  });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw refused;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== "string" ||
    typeof decoded[1] !== "string" ||
    !ROW_ID.test(decoded[1])
  )
    throw refused;
  const at = new Date(decoded[0]);
  if (Number.isNaN(at.getTime())) throw refused;
  return { at, id: decoded[1] };
}

/** Rows strictly after the cursor in (created at desc, id desc) order. */
export function afterCursor(createdAt: Column, id: Column, position: CursorPosition | null): SQL | undefined {
  if (!position) return undefined;
  return or(lt(createdAt, position.at), and(eq(createdAt, position.at), lt(id, position.id)));
}

/** Query `limit + 1` rows and pass them here: the extra row only says whether a next page exists. */
export function pageOf<T extends { id: string; createdAt: Date }>(
  rows: T[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
