import { asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { DomainError } from "@/lib/errors";
import { auditCheckpoints, auditEvents } from "@/lib/db/schema";
import { signAuditCheckpoint, type CheckpointSigner } from "./audit-checkpoint";
import { AuditChainWalker, CHAIN_START, positionAfter, type ChainPosition } from "./audit-chain-walker";
import { configuredAuditKeys, type AuditKeys } from "./audit-keys";

/**
 * The chain failed its own check while being checkpointed: nothing is signed over it. The message
 * (logs, `audit:verify`) names the event; a caller asking for an export is told only that the trail
 * failed its check, with a stable code, since no request of theirs can fix it.
 */
export class AuditChainBroken extends DomainError {
  readonly code = "AUDIT_CHAIN_BROKEN";
  readonly status = 503;
  constructor(internalMessage: string) {
    super(
      "The audit trail failed its integrity check, so Rekey will not sign an export of it. Contact Rekey support.",
      internalMessage,
    );
  }
}

export interface WriteAuditCheckpointsDeps {
  signer: CheckpointSigner;
  /** `iss` of the signed checkpoints: the portal's public URL. */
  issuer: string;
  keys?: AuditKeys;
  pageSize?: number;
}

/**
 * Signs the chain's head, and the head of every organisation whose events moved, when events were
 * appended since the last checkpoint. The new events' links, hashes and MACs are checked first, from
 * the last checkpoint on, so a signature never vouches for a rewritten chain; a chain cut back
 * below the last checkpoint is refused too. Holds the chain's lock, so the head cannot move meanwhile.
 */
export async function writeAuditCheckpoints(
  ctx: { db: Db; now: () => Date },
  { signer, issuer, keys = configuredAuditKeys(), pageSize = 1000 }: WriteAuditCheckpointsDeps,
) {
  const heads = await readNewHeads(ctx.db, keys, pageSize);
  if (heads.length === 0) return { throughEventId: null, orgs: 0 };
  // Signed after the read's transaction: the signing service reads its keys through its own handle,
  // which on a one-connection database (PGlite) would wait for that transaction forever. Two
  // checkpointers racing sign the same true heads twice, which costs nothing.
  const at = ctx.now();
  const signed = await Promise.all(
    heads.map(async (head) => ({
      ...head,
      token: await signAuditCheckpoint(signer, issuer, at, {
        org: head.orgId,
        through: head.throughEventId,
        count: head.eventCount,
        head: head.head,
      }),
      createdAt: at,
    })),
  );
  // One JSON parameter: a pass that moved many organisations signs one checkpoint for each.
  await insertRows(ctx.db, auditCheckpoints, signed);
  return { throughEventId: heads[0]!.throughEventId, orgs: heads.length - 1 };
}

/** The chain's head and each moved organisation's, checked from the last checkpoint on; none when nothing was appended. */
async function readNewHeads(db: Db, keys: AuditKeys, pageSize: number) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rekey.audit'))`);
    const walker = new AuditChainWalker(keys, await lastCheckpointedPosition(tx));
    const startId = walker.position.lastId;
    const orgsMoved = new Set<string>();
    for (;;) {
      const rows = await tx
        .select()
        .from(auditEvents)
        .where(gt(auditEvents.id, walker.position.lastId))
        .orderBy(asc(auditEvents.id))
        .limit(pageSize);
      if (rows.length === 0) break;
      const orgsNew = [
        ...new Set(rows.flatMap((row) => (row.orgId && !walker.orgs.has(row.orgId) ? [row.orgId] : []))),
      ];
      if (orgsNew.length > 0) {
        const heads = await tx
          .selectDistinctOn([auditCheckpoints.orgId], {
            orgId: auditCheckpoints.orgId,
            count: auditCheckpoints.eventCount,
            head: auditCheckpoints.head,
            lastId: auditCheckpoints.throughEventId,
          })
          .from(auditCheckpoints)
          .where(inArray(auditCheckpoints.orgId, orgsNew))
          .orderBy(auditCheckpoints.orgId, desc(auditCheckpoints.throughEventId));
        for (const { orgId, ...head } of heads) walker.orgs.set(orgId!, head);
      }
      for (const row of rows) {
        const problem = walker.accept(row);
        if (problem) throw new AuditChainBroken(`event ${row.id}: ${problem}`);
        if (row.orgId) orgsMoved.add(row.orgId);
      }
    }
    if (walker.position.lastId === startId) return [];
    const { lastId, count, prevHash } = walker.position;
    return [
      { orgId: null as string | null, throughEventId: lastId, eventCount: count, head: prevHash },
      ...[...orgsMoved].map((orgId) => {
        const org = walker.orgs.get(orgId)!;
        return { orgId, throughEventId: org.lastId, eventCount: org.count, head: org.head };
      }),
    ];
  });
}

function lastGlobalCheckpoint(tx: Executor) {
  return tx
    .select()
    .from(auditCheckpoints)
    .where(isNull(auditCheckpoints.orgId))
    .orderBy(desc(auditCheckpoints.throughEventId))
    .limit(1)
    .then((rows) => rows[0]);
}

async function lastCheckpointedPosition(tx: Executor): Promise<ChainPosition> {
  const checkpoint = await lastGlobalCheckpoint(tx);
  if (!checkpoint) return CHAIN_START;
  const [event] = await tx.select().from(auditEvents).where(eq(auditEvents.id, checkpoint.throughEventId));
  if (!event)
    throw new AuditChainBroken(
      `event ${checkpoint.throughEventId}, covered by checkpoint ${checkpoint.id}, is missing: events were deleted`,
    );
  if (event.hash !== checkpoint.head)
    throw new AuditChainBroken(
      `event ${event.id} no longer has the hash checkpoint ${checkpoint.id} signed: the chain was rewritten`,
    );
  return positionAfter(event, checkpoint.eventCount);
}
