import { asc, gt } from "drizzle-orm";
import type { JWK } from "jose";
import type { Executor } from "@/lib/db";
import { auditCheckpoints, auditEvents } from "@/lib/db/schema";
import { listVerificationKeys } from "./list-checkpoint-verification-keys";
import { readAuditCheckpoint, type AuditCheckpointClaims } from "./audit-checkpoint";
import { AuditChainWalker } from "./audit-chain-walker";
import { configuredAuditKeys, type AuditKeys } from "./audit-keys";

export type AuditChainReport =
  | {
      ok: true;
      checked: number;
      legacyEvents: number;
      retiredKeyEvents: number;
      checkpoints: number;
      untrustedCheckpoints: number;
    }
  | { ok: false; checked: number; brokenAtId: number | null; problem: string };

export interface VerifyAuditChainOptions {
  /** Public keys checkpoints may be signed with; default: every signing key not revoked. */
  publicKeys?: JWK[];
  keys?: AuditKeys;
  pageSize?: number;
}

type SignedCheckpoint = AuditCheckpointClaims & { id: number };

/**
 * Walks the whole chain in id order, in pages: every event's link, hash and keyed MAC, and every
 * signed checkpoint against the chain as it stands. Names the first thing that is wrong: a
 * rewritten event (its hash or MAC), a removed one (the next event's link), or removed events at the
 * end (a checkpoint covering events that no longer exist).
 */
export async function verifyAuditChain(
  db: Executor,
  { publicKeys, keys = configuredAuditKeys(), pageSize = 1000 }: VerifyAuditChainOptions = {},
): Promise<AuditChainReport> {
  const checkpoints = await readSignedCheckpoints(db, publicKeys ?? (await listVerificationKeys(db)));
  if ("problem" in checkpoints) return { ok: false, checked: 0, brokenAtId: null, problem: checkpoints.problem };
  const pending = new Map<number, SignedCheckpoint[]>();
  for (const checkpoint of checkpoints.trusted)
    pending.set(checkpoint.through, [...(pending.get(checkpoint.through) ?? []), checkpoint]);

  const checkpointedUpTo = Math.max(
    0,
    ...checkpoints.trusted.filter((checkpoint) => checkpoint.org === null).map((checkpoint) => checkpoint.through),
  );
  const walker = new AuditChainWalker(keys, undefined, checkpointedUpTo);
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, walker.position.lastId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const checked = walker.position.count;
      const problem = walker.accept(row) ?? checkpointMismatch(walker, row, pending.get(row.id) ?? []);
      if (problem) return { ok: false, checked, brokenAtId: row.id, problem };
      pending.delete(row.id);
    }
  }
  // A removed event in the middle breaks the next event's link; what is left unmatched here are
  // checkpoints over events that are gone from the end (or that were never there).
  const [uncovered] = [...pending.values()].flat().sort((a, b) => a.through - b.through);
  if (uncovered) {
    const { lastId, count } = walker.position;
    const problem =
      uncovered.through > lastId
        ? `chain ends at event ${lastId} but checkpoint ${uncovered.id} covers up to event ${uncovered.through}: events were deleted`
        : `event ${uncovered.through}, covered by checkpoint ${uncovered.id}, is missing`;
    return { ok: false, checked: count, brokenAtId: null, problem };
  }
  return {
    ok: true,
    checked: walker.position.count,
    legacyEvents: walker.legacyEvents,
    retiredKeyEvents: walker.retiredKeyEvents,
    checkpoints: checkpoints.trusted.length,
    untrustedCheckpoints: checkpoints.untrusted,
  };
}

function checkpointMismatch(
  walker: AuditChainWalker,
  row: { hash: string; orgId: string | null },
  atRow: SignedCheckpoint[],
): string | null {
  for (const checkpoint of atRow) {
    const now =
      checkpoint.org === null
        ? { count: walker.position.count, head: row.hash }
        : row.orgId === checkpoint.org
          ? walker.orgs.get(checkpoint.org)
          : undefined;
    if (!now || now.count !== checkpoint.count || now.head !== checkpoint.head) {
      const chain = checkpoint.org === null ? "the chain" : `organization ${checkpoint.org}'s chain`;
      return `checkpoint ${checkpoint.id} signed ${chain} through this event (${checkpoint.count} events), which no longer matches: events up to it were rewritten, added or removed`;
    }
  }
  return null;
}

async function readSignedCheckpoints(
  db: Executor,
  publicKeys: JWK[],
): Promise<{ trusted: SignedCheckpoint[]; untrusted: number } | { problem: string }> {
  const rows = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
  const trusted: SignedCheckpoint[] = [];
  let untrusted = 0;
  for (const row of rows) {
    const check = await readAuditCheckpoint(row.token, publicKeys);
    // A revoked or unknown key cannot vouch for anything; later checkpoints cover the same events.
    const isUntrustedKey = check.status === "untrusted-key"; // machine-exception: a signature's verdict, not a stored state
    const isInvalid = check.status === "invalid"; // machine-exception: a signature's verdict, not a stored state
    if (isUntrustedKey) untrusted += 1;
    else if (isInvalid) return { problem: `checkpoint ${row.id}: ${check.problem}` };
    else {
      const { claims } = check;
      if (
        claims.org !== row.orgId ||
        claims.through !== row.throughEventId ||
        claims.count !== row.eventCount ||
        claims.head !== row.head
      ) {
        return { problem: `checkpoint ${row.id}: the stored row differs from what was signed` };
      }
      trusted.push({ ...claims, id: row.id });
    }
  }
  return { trusted, untrusted };
}
