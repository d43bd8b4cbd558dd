import { max } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { CHANGE_CHANNELS, type ChangeListener } from "@/lib/db/change-notices";
import { revocations } from "@/lib/db/schema";

export interface RevocationFeedHead {
  /** The newest sequence number in the feed (0 when empty). */
  current(): Promise<number>;
}

/**
 * The feed's newest sequence number, kept in memory and moved by change notices: a poll whose
 * ETag still matches is answered 304 without a database round trip. Read once from the database,
 * and again whenever notices may have been missed.
 */
export async function createRevocationFeedHead(
  db: Db,
  listen: (channel: typeof CHANGE_CHANNELS.revocations, listener: ChangeListener) => Promise<void>,
): Promise<RevocationFeedHead> {
  let head: Promise<number> | null = null;
  const load = async () => {
    const [row] = await db.select({ seq: max(revocations.seq) }).from(revocations);
    return Number(row?.seq ?? 0);
  };
  await listen(CHANGE_CHANNELS.revocations, (payload) => {
    const announced = Number(payload);
    if (payload === null || !Number.isSafeInteger(announced)) {
      head = null;
      return;
    }
    // Notices from concurrent transactions may arrive out of order: the head only moves forward.
    head = (head ?? load()).then((known) => Math.max(known, announced));
  });
  return {
    current() {
      head ??= load().catch((error: unknown) => {
        head = null;
        throw error;
      });
      return head;
    },
  };
}

/**
 * The feed page for `since` is fixed by `since` and the head (the feed is append-only), so this
 * names the page's content without reading it.
 */
export function revocationFeedEtag(since: number, head: number): string {
  return `"rev-${since}-${Math.max(since, head)}"`;
}
