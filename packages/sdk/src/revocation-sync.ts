/**
 * Keeps a local copy of the portal's revocation feed so revocations reach clients that check
 * licenses offline. The feed is append-only and numbered, so a sync asks only for what came after
 * the last entry it has (`since`), page by page, and a poll with nothing new costs a 304.
 *
 * Only the signed page is believed, and only when it continues from the cursor that was asked
 * for: a genuine page for a later cursor would otherwise make the client skip revocations.
 * Nothing can prove that nothing is new (a 304 or a blocked portal look alike), so a revocation
 * reaches a client at its next successful sync, not before.
 */
import type { JWTPayload } from "jose";
import { isRecord } from "./is-record.ts";
import type { JwksCache } from "./jwks-cache.ts";
import { badSignature, requestPortal, verifyPortalToken, type PortalFailure } from "./portal-request.ts";
import { portalUrl } from "./portal-url.ts";
import type { Problem } from "./validate-online.ts";
import { findRevocation, isRevocationEntry, type RevocationEntry, type RevocationQuery } from "./revocation-list.ts";

import { REVOCATIONS_TOKEN_AUDIENCE } from "./protocol.ts";

export { REVOCATIONS_TOKEN_AUDIENCE };

/** What a sync needs to resume and what `isRevoked` answers from; persist it as JSON. */
export interface RevocationSyncState {
  /** The `since` of the next request: the highest `seq` received. */
  next: number;
  /** The ETag of the answer for `since = next`, sent as `If-None-Match`. */
  etag: string | null;
  entries: RevocationEntry[];
}

/** Where the caller keeps the synced feed between runs (a file, app storage, …). */
export interface RevocationSyncStorage {
  get(): Promise<RevocationSyncState | null>;
  set(state: RevocationSyncState): Promise<void>;
}

export interface CreateRevocationSyncOptions {
  baseUrl: string;
  /** The portal's keys; share the cache used for validation and license files. */
  jwks: JwksCache;
  storage: RevocationSyncStorage;
  fetch?: typeof globalThis.fetch;
  /** The clock, as in the app's use cases: tests pass a fixed one. */
  now?: () => Date;
  /** How far the device clock may disagree with the portal's when checking the token's times. */
  clockSkewSeconds?: number;
  timeoutMs?: number;
}

/**
 * `ok: true` when the local copy is now as recent as the portal's feed. Otherwise the local copy is
 * kept as it was after the last page that could be trusted, and `isRevoked` keeps answering from it.
 */
export type RevocationSyncResult =
  | { ok: true; status: "updated" | "unchanged"; added: number; next: number }
  | { ok: false; reason: "bad_request"; detail: string; problem: Problem }
  | PortalFailure;

export interface RevocationSync {
  /** Fetches every page after the stored cursor; concurrent calls share one sync. */
  sync(): Promise<RevocationSyncResult>;
  /** Answers from the last synced copy, without the network. Before any sync, nothing is revoked. */
  isRevoked(query: RevocationQuery): Promise<boolean>;
}

const EMPTY_STATE: RevocationSyncState = { next: 0, etag: null, entries: [] };

export function createRevocationSync({
  baseUrl,
  jwks,
  storage,
  fetch = globalThis.fetch,
  now = () => new Date(),
  clockSkewSeconds = 300,
  timeoutMs = 10_000,
}: CreateRevocationSyncOptions): RevocationSync {
  let loaded: Promise<RevocationSyncState> | null = null;
  let pendingSync: Promise<RevocationSyncResult> | null = null;

  const load = () =>
    (loaded ??= storage.get().then((stored) => (isRevocationSyncState(stored) ? stored : EMPTY_STATE)));

  async function save(state: RevocationSyncState): Promise<void> {
    await storage.set(state);
    loaded = Promise.resolve(state);
  }

  async function fetchPage(state: RevocationSyncState): Promise<PageFetch> {
    const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
    if (state.etag !== null) headers["if-none-match"] = state.etag;
    const answer = await requestPortal(
      portalUrl(baseUrl, `/api/v1/revocations?since=${state.next}`),
      { headers },
      { fetch, now, timeoutMs },
    );
    switch (answer.kind) {
      case "failed":
        return { failure: answer.failure };
      case "refused":
        return {
          failure: {
            ok: false,
            reason: "bad_request",
            detail: answer.problem.detail ?? answer.problem.title,
            problem: answer.problem,
          },
        };
      case "not_modified":
        // Only an answer to our If-None-Match can mean "nothing new"; an unasked 304 is not the portal.
        if (state.etag === null)
          return {
            failure: {
              ok: false,
              reason: "unreachable",
              detail: "The answer was 304 to a request that asked for no cached copy.",
            },
          };
        return { isNotModified: true };
      case "answered": {
        // The same page is served to every client, so it carries `iat` but no nonce and no `exp`.
        const verified = await verifyPortalToken(answer.body, {
          jwks,
          audience: REVOCATIONS_TOKEN_AUDIENCE,
          now: now(),
          clockSkewSeconds,
          requiredClaims: ["iat"],
        });
        if ("failure" in verified) return { failure: verified.failure };
        const page = readPage(verified.payload, state.next);
        return typeof page === "string" ? { failure: badSignature(page) } : { page, etag: answer.headers.get("etag") };
      }
    }
  }

  async function syncAllPages(): Promise<RevocationSyncResult> {
    let state = await load();
    let added = 0;
    for (;;) {
      const fetched = await fetchPage(state);
      if ("failure" in fetched) return fetched.failure;
      if ("isNotModified" in fetched) break;
      const { page, etag } = fetched;
      // The server's ETag names the answer for one `since`; it only helps the next request when
      // that asks for the same `since` again, i.e. when this page brought nothing new.
      state = {
        next: page.next,
        etag: page.next === page.since ? etag : null,
        entries: [...state.entries, ...page.items],
      };
      added += page.items.length;
      // Saved page by page, so a sync cut off half way resumes where it stopped.
      await save(state);
      if (!page.hasMore) break;
    }
    return { ok: true, status: added > 0 ? "updated" : "unchanged", added, next: state.next };
  }

  return {
    sync: () =>
      (pendingSync ??= syncAllPages().finally(() => {
        pendingSync = null;
      })),
    isRevoked: async (query) => findRevocation((await load()).entries, query) !== null,
  };
}

type PageFetch =
  | { page: RevocationPage; etag: string | null }
  | { isNotModified: true }
  | { failure: Exclude<RevocationSyncResult, { ok: true }> };

interface RevocationPage {
  since: number;
  next: number;
  hasMore: boolean;
  items: RevocationEntry[];
}

/** The signed page, or why it cannot be the continuation of the feed from `since`. */
function readPage(payload: JWTPayload, since: number): RevocationPage | string {
  if (payload.since !== since) return `The signed page starts at ${String(payload.since)}, not at ${since} as asked.`;
  const { next, hasMore, items } = payload;
  if (!Number.isInteger(next) || (next as number) < since || typeof hasMore !== "boolean" || !Array.isArray(items)) {
    return "The signed page lacks the feed fields.";
  }
  // A page that does not advance but claims more would have the client ask for it forever.
  if (hasMore && next === since) return "The signed page claims more entries but does not advance.";
  const isInPage = (item: unknown) => isRevocationEntry(item) && item.seq > since && item.seq <= (next as number);
  if (!items.every(isInPage)) return "The signed page holds entries that are malformed or outside its range.";
  return { since, next: next as number, hasMore, items: items as RevocationEntry[] };
}

/** Stored state is the caller's to keep; a copy that is not in this shape is synced again from the start. */
function isRevocationSyncState(value: unknown): value is RevocationSyncState {
  return (
    isRecord(value) &&
    Number.isInteger(value.next) &&
    (value.next as number) >= 0 &&
    (value.etag === null || typeof value.etag === "string") &&
    Array.isArray(value.entries) &&
    value.entries.every(isRevocationEntry)
  );
}
