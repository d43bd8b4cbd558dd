import { announceChange, CHANGE_CHANNELS } from "@/lib/db/change-notices";
import type { Tx } from "@/lib/db";
import { revocations } from "@/lib/db/schema";
import type { RevocationReasonCode } from "@rekey/sdk";

/**
 * One feed entry. Only a code says why: the feed is public (DESIGN.md §4), so a caller has no
 * field to put what someone typed into it.
 */
export type RevocationInput = Pick<
  typeof revocations.$inferInsert,
  "kind" | "subjectId" | "licenseId" | "revokedAt"
> & { reasonCode: RevocationReasonCode };

/**
 * Appends to the revocation feed and tells every app process its feed head moved (the feed's
 * ETag and 304s come from that in-memory head: revocation-feed-head.ts).
 */
export async function recordRevocations(tx: Tx, entries: RevocationInput[]): Promise<void> {
  if (entries.length === 0) return;
  const appended = await tx.insert(revocations).values(entries).returning({ seq: revocations.seq });
  await announceChange(tx, CHANGE_CHANNELS.revocations, String(Math.max(...appended.map((row) => row.seq))));
}

export function recordRevocation(tx: Tx, entry: RevocationInput): Promise<void> {
  return recordRevocations(tx, [entry]);
}
