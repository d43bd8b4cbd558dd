import type { Db } from "@/lib/db";
import type { SigningService } from "@/lib/signing";
import { listRevocations, signRevocationPage } from "./list-revocations";

export interface RevocationStreamOptions {
  db: Db;
  signer: SigningService;
  issuer: string;
  since: number;
  pollMs?: number;
  /** Connections end after this long; EventSource reconnects with Last-Event-ID. */
  maxMs?: number;
  now?: () => Date;
}

const encoder = new TextEncoder();

/**
 * Server-Sent Events push of the revocation feed (HTML Living Standard §9.2). Each event is one
 * signed page of new entries, with the page's last sequence as the event id, so a reconnecting
 * client resumes exactly where it stopped. Comments keep idle connections alive through proxies.
 */
export function createRevocationStream({ db, signer, issuer, since, pollMs = 5_000, maxMs = 10 * 60_000, now = () => new Date() }: RevocationStreamOptions): ReadableStream<Uint8Array> {
  let cursor = since;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A client may disconnect while a poll is in flight; writing to the closed stream afterwards
  // would be an unhandled rejection in the server process.
  let isCancelled = false;
  const startedAt = Date.now();
  return new ReadableStream({
    start(controller) {
      const send = (text: string) => {
        if (!isCancelled) controller.enqueue(encoder.encode(text));
      };
      send(`retry: ${pollMs}\n: rekey revocations since ${since}\n\n`);
      const poll = async () => {
        try {
          const page = await listRevocations(db, { since: cursor });
          if (page.items.length > 0) {
            const signed = await signRevocationPage(signer, page, { now: now(), issuer });
            send(`id: ${page.next}\nevent: revocations\ndata: ${JSON.stringify(signed)}\n\n`);
            cursor = page.next;
          } else {
            send(": keep-alive\n\n");
          }
        } catch {
          send(": temporarily unavailable\n\n");
        }
        if (isCancelled) return;
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
