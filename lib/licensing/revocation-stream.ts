import type { RevocationFanOut, SignedRevocationPage } from "./revocation-fan-out";

export interface RevocationStreamOptions {
  /** The process's one reader of the feed (revocation-fan-out.ts). */
  fanOut: RevocationFanOut;
  since: number;
  /** What EventSource waits before reconnecting (the SSE `retry` field). */
  reconnectMs?: number;
  /** Connections end after this long; EventSource reconnects with Last-Event-ID. */
  maxMs?: number;
  /** Idle connections get a comment this often, well inside common proxy idle timeouts. */
  keepAliveMs?: number;
  now?: () => Date;
}

const encoder = new TextEncoder();
/** Every stream at one cursor receives the same page object: it is serialised once for all of them. */
const encodedEvents = new WeakMap<SignedRevocationPage, Uint8Array>();

function revocationsEvent(page: SignedRevocationPage): Uint8Array {
  let event = encodedEvents.get(page);
  if (!event) {
    event = encoder.encode(`id: ${page.next}\nevent: revocations\ndata: ${JSON.stringify(page)}\n\n`);
    encodedEvents.set(page, event);
  }
  return event;
}

/**
 * Server-Sent Events push of the revocation feed (HTML Living Standard §9.2). Each event is one
 * signed page of new entries, with the page's last sequence as the event id, so a reconnecting
 * client resumes exactly where it stopped. Comments keep idle connections alive through proxies.
 * The stream itself never reads the database: the fan-out hands it pages as they appear.
 */
export function createRevocationStream({
  fanOut,
  since,
  reconnectMs = 5_000,
  maxMs = 10 * 60_000,
  keepAliveMs = 15_000,
  now = () => new Date(),
}: RevocationStreamOptions): ReadableStream<Uint8Array> {
  let stop = () => {};
  return new ReadableStream({
    start(controller) {
      const write = (chunk: string | Uint8Array) => {
        try {
          controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        } catch {
          // The client went away between two writes; its stream takes no more.
          stop();
        }
      };
      write(`retry: ${reconnectMs}\n: rekey revocations since ${since}\n\n`);
      const unsubscribe = fanOut.subscribe({
        cursor: since,
        openedAt: now(),
        receive: (page) => write(revocationsEvent(page)),
        stall: () => write(": temporarily unavailable\n\n"),
      });
      const keepAlive = setInterval(() => write(": keep-alive\n\n"), keepAliveMs);
      const end = setTimeout(() => {
        stop();
        controller.close();
      }, maxMs);
      stop = () => {
        unsubscribe();
        clearInterval(keepAlive);
        clearTimeout(end);
      };
    },
    cancel() {
      stop();
    },
  });
}
