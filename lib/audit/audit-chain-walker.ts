import type { auditEvents } from "@/lib/db/schema";
import { auditHashInput, chainHash, GENESIS_HASH, previousMac } from "./append-audit-event";
import { auditEventDigest, ORG_CHAIN_GENESIS, orgChainLink } from "./audit-checkpoint";
import { chainMac, type AuditKeys } from "./audit-keys";

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface OrgChainState {
  count: number;
  head: string;
  /** The organisation's last event so far. */
  lastId: number;
}

/** Where a walk starts: the chain's beginning, or the event a checkpoint covers up to. */
export interface ChainPosition {
  lastId: number;
  count: number;
  prevHash: string;
  prevMac: string;
}

export const CHAIN_START: ChainPosition = { lastId: 0, count: 0, prevHash: GENESIS_HASH, prevMac: GENESIS_HASH };

export function positionAfter(row: Pick<AuditEventRow, "id" | "hash" | "mac">, count: number): ChainPosition {
  return { lastId: row.id, count, prevHash: row.hash, prevMac: previousMac(row) };
}

/**
 * Checks events one by one in id order, as appended: the public link and hash, then the keyed
 * MAC, and keeps each organisation's own chain head. `accept` returns what is wrong with the
 * event, or null. Events from before the chain was keyed (no MAC) may only come first.
 */
export class AuditChainWalker {
  readonly orgs = new Map<string, OrgChainState>();
  position: ChainPosition;
  legacyEvents = 0;
  /** Events whose MAC key version left the ring, vouched for by a signed checkpoint instead. */
  retiredKeyEvents = 0;

  constructor(
    private readonly keys: AuditKeys,
    start: ChainPosition = CHAIN_START,
    /**
     * Events up to here are covered by a signed checkpoint: once a master key version is removed
     * from the ring (docs/runbooks/master-key-rotation.md), their hash chain and that signature
     * still prove them, so a missing MAC key is not an error there.
     */
    private readonly checkpointedUpTo = 0,
  ) {
    this.position = { ...start };
  }

  accept(row: AuditEventRow): string | null {
    const { prevHash, prevMac } = this.position;
    if (row.prevHash !== prevHash)
      return "prev_hash does not match the previous event's hash (an event before it was removed or replaced)";
    const canonicalEvent = auditHashInput(row);
    if (row.hash !== chainHash(prevHash, canonicalEvent)) return "hash does not match the event's content";
    if (row.mac === null) {
      if (prevMac !== prevHash) return "mac missing on an event after the chain was keyed";
      this.legacyEvents += 1;
    } else {
      const key = row.macKeyVersion === null ? undefined : this.keys.key(row.macKeyVersion);
      if (!key && row.id <= this.checkpointedUpTo) this.retiredKeyEvents += 1;
      else if (!key)
        return `mac keyed with master key version ${row.macKeyVersion}, which REKEY_MASTER_KEY does not hold`;
      else if (row.mac !== chainMac(key, prevMac, row.hash))
        return "mac mismatch (the event or the chain up to it was rewritten without the audit key)";
    }
    if (row.orgId) {
      const org = this.orgs.get(row.orgId) ?? { count: 0, head: ORG_CHAIN_GENESIS };
      this.orgs.set(row.orgId, {
        count: org.count + 1,
        head: orgChainLink(org.head, auditEventDigest(canonicalEvent)),
        lastId: row.id,
      });
    }
    this.position = positionAfter(row, this.position.count + 1);
    return null;
  }
}
