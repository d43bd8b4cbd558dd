import { asc, gt } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import { auditHashInput, chainHash, GENESIS_HASH } from "./append-audit-event";

export type AuditChainReport = { ok: true; checked: number } | { ok: false; checked: number; brokenAtId: number; problem: string };

/** Walks the chain in id order, in pages, and names the first row whose link or hash is wrong. */
export async function verifyAuditChain(db: Db, { pageSize = 1000 } = {}): Promise<AuditChainReport> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(pageSize);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, brokenAtId: row.id, problem: "prev_hash does not match the previous row's hash" };
      }
      const expected = chainHash(prevHash, auditHashInput(row));
      if (row.hash !== expected) return { ok: false, checked, brokenAtId: row.id, problem: "hash does not match the row's content" };
      prevHash = row.hash;
      lastId = row.id;
      checked += 1;
    }
  }
}
