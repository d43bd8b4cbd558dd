import { and, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { CHANGE_CHANNELS, type ChangeListener } from "@/lib/db/change-notices";
import { revocations } from "@/lib/db/schema";
import type { SigningService } from "@/lib/signing";
import { listRevocations, signRevocationPage, type RevocationPage } from "./list-revocations";

/** One signed page of the feed, as the pull feed answers it, plus the JWS. */
export type SignedRevocationPage = Awaited<ReturnType<typeof signRevocationPage>>;

export interface RevocationSubscriber {
  /** The last sequence this subscriber has; it gets every entry after it. */
  cursor: number;
  /** When it opened: only entries revoked since count towards the propagation figures. */
  openedAt: Date;
  receive(page: SignedRevocationPage): void;
  /** The feed could not be read; the fan-out tries again by itself. */
  stall(): void;
}

export interface RevocationFanOut {
  /** Starts sending `subscriber` what comes after its cursor; the returned function stops it. */
  subscribe(subscriber: RevocationSubscriber): () => void;
  readonly subscriberCount: number;
  /** Stops the safety poll (tests, shutdown); the LISTEN belongs to the database handle. */
  close(): void;
}

export interface RevocationFanOutOptions {
  db: Db;
  signer: SigningService;
  issuer: string;
  /** Subscribes to a change channel once (lib/db `listenForChanges` or an OpenDatabase's `listen`). */
  listen: (channel: typeof CHANGE_CHANNELS.revocations, listener: ChangeListener) => Promise<void>;
  /** Reads the feed this often even without a notice: only for notices lost on the way. */
  safetyPollMs?: number;
  /** Wait before reading again after the database did not answer. */
  retryMs?: number;
  now?: () => Date;
}

/**
 * Every open revocation stream of a process fed from one LISTEN. Each stream used to poll the feed
 * twice a second, so 150 open streams slowed validation from ~10 ms to 30–440 ms; now a stream does
 * no database work at all while nothing changes. A revocation's NOTIFY (sent in the revoking
 * transaction, record-revocation.ts) starts one read of the feed after the lowest cursor of all
 * streams; each distinct cursor gets its page signed once, and every stream at that cursor
 * receives the same page. Notices arriving during a read are folded into one more read.
 */
export async function createRevocationFanOut({
  db,
  signer,
  issuer,
  listen,
  safetyPollMs = 30_000,
  retryMs = 1_000,
  now = () => new Date(),
}: RevocationFanOutOptions): Promise<RevocationFanOut> {
  const subscribers = new Set<RevocationSubscriber>();
  /** The newest sequence known to exist, or `null` after notices may have been missed. */
  let head: number | null = null;
  let isReading = false;
  let isReadAgain = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const behindHead = () => [...subscribers].some((subscriber) => head === null || subscriber.cursor < head);

  function requestRead() {
    if (isReading) {
      isReadAgain = true;
      return;
    }
    isReading = true;
    void readUntilCaughtUp().finally(() => {
      isReading = false;
      if (isReadAgain) {
        isReadAgain = false;
        requestRead();
      }
    });
  }

  async function readUntilCaughtUp() {
    try {
      while (subscribers.size > 0) {
        const lowest = Math.min(...[...subscribers].map((subscriber) => subscriber.cursor));
        const page = await listRevocations(db, { since: lowest });
        if (page.items.length === 0) {
          head = Math.max(head ?? 0, lowest);
          return;
        }
        head = Math.max(head ?? 0, page.next);
        await deliver(page);
        if (!page.hasMore) return;
      }
    } catch {
      for (const subscriber of subscribers) subscriber.stall();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(requestRead, retryMs);
      retryTimer.unref();
    }
  }

  /** Sends each subscriber below the page's end the part of the page it lacks, signed once per cursor. */
  async function deliver(page: RevocationPage) {
    const byCursor = new Map<number, RevocationSubscriber[]>();
    for (const subscriber of subscribers) {
      if (subscriber.cursor >= page.next) continue;
      const group = byCursor.get(subscriber.cursor);
      if (group) group.push(subscriber);
      else byCursor.set(subscriber.cursor, [subscriber]);
    }
    const at = now();
    for (const [cursor, group] of byCursor) {
      const signed = await signRevocationPage(
        signer,
        { ...page, since: cursor, items: page.items.filter((item) => item.seq > cursor) },
        { now: at, issuer },
      );
      for (const subscriber of group) {
        // A stream that closed while the page was being signed is no longer listening.
        if (!subscribers.has(subscriber)) continue;
        subscriber.receive(signed);
        subscriber.cursor = page.next;
      }
    }
    const openedAt = new Date(
      Math.min(...[...byCursor.values()].flat().map((subscriber) => subscriber.openedAt.getTime())),
    );
    await markFirstStreamed(db, { seqs: page.items.map((item) => item.seq), at, openedAt });
  }

  await listen(CHANGE_CHANNELS.revocations, (payload) => {
    const announced = Number(payload);
    // Notices from concurrent transactions may arrive out of order: the head only moves forward.
    head = payload === null || !Number.isSafeInteger(announced) ? null : Math.max(head ?? 0, announced);
    if (behindHead()) requestRead();
  });
  const safetyPoll = setInterval(() => {
    if (subscribers.size > 0) requestRead();
  }, safetyPollMs);
  safetyPoll.unref();

  return {
    subscribe(subscriber) {
      subscribers.add(subscriber);
      // A stream resuming from behind catches up at once; one at the head waits for the next notice.
      if (head === null || subscriber.cursor < head) requestRead();
      return () => subscribers.delete(subscriber);
    },
    get subscriberCount() {
      return subscribers.size;
    },
    close() {
      clearInterval(safetyPoll);
      clearTimeout(retryTimer);
    },
  };
}

/**
 * Stamps when a revocation first reached a push stream, for the propagation-time figures. Only
 * entries revoked while a stream receiving them was open: a client catching up on old ones
 * measures nothing.
 */
async function markFirstStreamed(db: Db, { seqs, at, openedAt }: { seqs: number[]; at: Date; openedAt: Date }) {
  await db
    .update(revocations)
    .set({ firstStreamedAt: at })
    .where(
      and(inArray(revocations.seq, seqs), isNull(revocations.firstStreamedAt), gte(revocations.revokedAt, openedAt)),
    );
}
