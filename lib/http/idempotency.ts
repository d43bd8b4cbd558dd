/**
 * Idempotency-Key for every POST that creates or changes something, in both APIs
 * (draft-ietf-httpapi-idempotency-key-header; the behaviour Stripe documents). A key is claimed by
 * one INSERT … ON CONFLICT DO NOTHING in its own statement, so of two processes racing with one
 * key exactly one runs the request; the other sees the claim. Then:
 * - same key, same request, finished: the stored response again, with `Idempotent-Replayed: true`;
 * - same key, another request (method, path or body differ): 422 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running: 409 IDEMPOTENCY_IN_FLIGHT (retry after a moment).
 * Only successful (2xx) responses are kept. A refusal changed nothing (every use case writes in
 * one transaction), so its claim is released and a corrected retry with the same key runs.
 *
 * A claim holds a lease (`locked_until`, IDEMPOTENCY_LEASE_MS). A process that dies mid-request
 * leaves its row in flight; once the lease has passed, a retry of the same request takes the key
 * over and runs (the draft's "a request … that was not completed may be retried"). The lease is
 * far longer than any request runs, because a takeover of a live request would run it twice. The
 * lease's end also fences the claimant: it only completes or releases a row still carrying the
 * `locked_until` it set, so a request that outlived its lease cannot overwrite its successor's.
 * Rows past their 24 h are removed by the worker (removeExpiredIdempotencyKeys), and also when
 * their key is used again.
 */
import { createHash } from "node:crypto";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { idempotencyKeys } from "@/lib/db/schema";
import { Conflict, InvalidInput, PolicyViolation } from "@/lib/errors";

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a claim blocks its key before a retry may presume the claimant dead (see above). */
export const IDEMPOTENCY_LEASE_MS = 2 * 60 * 1000;
/** Headers worth replaying; others (dates, request ids) belong to the original exchange. */
const REPLAYED_HEADERS = ["content-type", "location", "etag", "cache-control"];

export class IdempotencyKeyReused extends PolicyViolation {
  override readonly code = "IDEMPOTENCY_KEY_REUSED";
  constructor() {
    super(
      "This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.",
    );
  }
}

export class IdempotencyInFlight extends Conflict {
  override readonly code = "IDEMPOTENCY_IN_FLIGHT";
  constructor() {
    super("A request with this Idempotency-Key is still being processed. Retry in a moment to get its result.");
  }
}

export interface IdempotencyScope {
  db: Db;
  now: Date;
  /** Whose keys these are (a token, a license key's digest): one caller's key never answers another's. */
  callerScope: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

function fingerprintOf(request: Request, bodyText: string): string {
  const url = new URL(request.url);
  return createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n`).update(bodyText).digest("hex");
}

const keyOf = ({ callerScope }: IdempotencyScope, key: string) =>
  and(eq(idempotencyKeys.callerScope, callerScope), eq(idempotencyKeys.key, key));

/** A claim ends by completing or releasing the row, only while the row is still this claim's. */
function claimOf(scope: IdempotencyScope, key: string, lockedUntil: Date) {
  const ours = and(
    keyOf(scope, key),
    eq(idempotencyKeys.state, "in_flight"),
    eq(idempotencyKeys.lockedUntil, lockedUntil),
  );
  return {
    isClaimed: true as const,
    release: () => scope.db.delete(idempotencyKeys).where(ours),
    complete: (response: { responseStatus: number; responseHeaders: Record<string, string>; responseBody: string }) =>
      scope.db
        .update(idempotencyKeys)
        .set({ state: "completed", lockedUntil: null, ...response })
        .where(ours),
  };
}

async function claim(scope: IdempotencyScope, key: string, fingerprint: string) {
  const { db, now, callerScope } = scope;
  const where = keyOf(scope, key);
  const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);
  // A key is remembered for 24 h; after that it is free again.
  await db.delete(idempotencyKeys).where(and(where, lte(idempotencyKeys.expiresAt, now)));
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({
      callerScope,
      key,
      fingerprint,
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      lockedUntil,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed) return claimOf(scope, key, lockedUntil);
  // The same request whose claimant's lease ran out takes the key over. One UPDATE: of several
  // retries racing, PostgreSQL re-checks the condition after the first commits, so one wins. A row
  // from before leases existed (no locked_until) counts from its creation.
  const leaseOver = or(
    lte(idempotencyKeys.lockedUntil, now),
    and(
      isNull(idempotencyKeys.lockedUntil),
      lte(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_LEASE_MS)),
    ),
  );
  const [takenOver] = await db
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(and(where, eq(idempotencyKeys.state, "in_flight"), eq(idempotencyKeys.fingerprint, fingerprint), leaseOver))
    .returning({ key: idempotencyKeys.key });
  if (takenOver) return claimOf(scope, key, lockedUntil);
  const [existing] = await db.select().from(idempotencyKeys).where(where);
  return { isClaimed: false as const, existing };
}

/** The worker's cleanup: keys past their 24 h, whether or not anyone uses them again. */
export async function removeExpiredIdempotencyKeys(db: Db, { now }: { now: Date }): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}

/**
 * Runs `run` at most once per (caller, key). Without the header the request simply runs. `bodyText`
 * is the raw body as received, read before parsing (`request.clone().text()`).
 */
export async function withIdempotency(
  request: Request,
  bodyText: string,
  scope: IdempotencyScope,
  run: () => Promise<Response>,
): Promise<Response> {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return run();
  if (!KEY_PATTERN.test(key))
    throw new InvalidInput("The Idempotency-Key header is not valid.", {
      "Idempotency-Key": ["Use 1 to 255 visible ASCII characters, e.g. a UUID."],
    });
  const fingerprint = fingerprintOf(request, bodyText);
  const claimed = await claim(scope, key, fingerprint);
  if (!claimed.isClaimed) {
    const { existing } = claimed;
    // Released between our insert and our read: the first request was refused; nothing to replay.
    if (!existing) throw new IdempotencyInFlight();
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    if (existing.state === "in_flight") throw new IdempotencyInFlight(); // machine-exception: a request's idempotency lease (RFC draft-ietf-httpapi-idempotency-key-header), kept whole in this file
    return new Response(existing.responseBody, {
      status: existing.responseStatus!,
      headers: { ...existing.responseHeaders, "idempotent-replayed": "true" },
    });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await claimed.release();
    throw error;
  }
  if (!response.ok) {
    await claimed.release();
    return response;
  }
  const body = await response.text();
  const headers = Object.fromEntries(
    REPLAYED_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])),
  );
  await claimed.complete({ responseStatus: response.status, responseHeaders: headers, responseBody: body });
  return new Response(body, { status: response.status, headers: response.headers });
}
