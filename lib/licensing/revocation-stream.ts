import { and, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { revocations } from "@/lib/db/schema";
import type { SigningService } from "@/lib/signing";
import { listRevocations, signRevocationPage } from "./list-revocations";

export interface RevocationStreamOptions {
  db: Db;
  signer: SigningService;
  issuer: string;
  since: number;
  /** How often the feed is checked: bounds how long a revocation takes to reach open streams. */
  pollMs?: number;
  /** What EventSource waits before reconnecting (the SSE `retry` field). */
  reconnectMs?: number;
  /** Connections end after this long; EventSource reconnects with Last-Event-ID. */
  maxMs?: number;
  now?: () => Date;
}

const encoder = new TextEncoder();
/** Idle connections get a comment this often, well inside common proxy idle timeouts. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Server-Sent Events push of the revocation feed (HTML Living Standard §9.2). Each event is one
 * signed page of new entries, with the page's last sequence as the event id, so a reconnecting
 * client resumes exactly where it stopped. Comments keep idle connections alive through proxies.
 */
export function createRevocationStream({ db, signer, issuer, since, pollMs = 500, reconnectMs = 5_000, maxMs = 10 * 60_000, now = () => new Date() }: RevocationStreamOptions): ReadableStream<Uint8Array> {
  let cursor = since;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const startedAt = Date.now();
  const openedAt = now();
  let lastWriteAt = Date.now();
  let isCancelled = false;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: ${reconnectMs}\n: rekey revocations since ${since}\n\n`));
      const poll = async () => {
        if (isCancelled) return;
        try {
          const page = await listRevocations(db, { since: cursor });
          if (page.items.length > 0) {
            const signed = await signRevocationPage(signer, page, { now: now(), issuer });
            controller.enqueue(encoder.encode(`id: ${page.next}\nevent: revocations\ndata: ${JSON.stringify(signed)}\n\n`));
            cursor = page.next;
            await markFirstStreamed(db, { seqs: page.items.map((item) => item.seq), at: now(), openedAt });
            lastWriteAt = Date.now();
          } else if (Date.now() - lastWriteAt >= KEEP_ALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastWriteAt = Date.now();
          }
        } catch {
          // The client may have gone while the query ran; writing to its closed stream would throw.
          if (isCancelled) return;
          controller.enqueue(encoder.encode(": temporarily unavailable\n\n"));
        }
        if (Date.now() - startedAt >= maxMs) {
          controller.close();
          return;
        }
        timer = setTimeout(poll, pollMs);
      };
      void poll();
    },
    cancel() {
      isCancelled = true;
      clearTimeout(timer);
    },
  });
}

/**
 * Stamps when a revocation first reached a push stream, for the propagation-time figures. Only
 * entries revoked while this stream was open: a client catching up on old ones measures nothing.
 */
async function markFirstStreamed(db: Db, { seqs, at, openedAt }: { seqs: number[]; at: Date; openedAt: Date }) {
  await db
    .update(revocations)
    .set({ firstStreamedAt: at })
    .where(and(inArray(revocations.seq, seqs), isNull(revocations.firstStreamedAt), gte(revocations.revokedAt, openedAt)));
}
