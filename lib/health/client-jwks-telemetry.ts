import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { clientJwksCounts, type clientJwksStatus, signingKeys } from "@/lib/db/schema";

export type ClientJwksStatus = (typeof clientJwksStatus.enumValues)[number];

/**
 * What a validating client says about the keys it verifies with, from two optional request headers
 * the SDK sends (documented in README "Drift monitoring"):
 * - `Rekey-Jwks-Kids`: the `kid`s in its cached JWKS, comma-separated;
 * - `Rekey-Accept-Algorithms`: the JWS algorithms it can verify, comma-separated.
 * Both are advisory telemetry: a malformed header is ignored (counted as not reported), never refused.
 */
export interface ClientJwksReport {
  kids: string[] | null;
  algorithms: string[] | null;
}

export const CLIENT_JWKS_KIDS_HEADER = "rekey-jwks-kids";
export const CLIENT_ACCEPT_ALGORITHMS_HEADER = "rekey-accept-algorithms";

const MAX_ITEMS = 16;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

function readList(value: string | null): string[] | null {
  if (value === null) return null;
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0 || items.length > MAX_ITEMS || !items.every((item) => TOKEN.test(item))) return null;
  return [...new Set(items)].sort();
}

export function readClientJwksReport(headers: Headers): ClientJwksReport {
  return {
    kids: readList(headers.get(CLIENT_JWKS_KIDS_HEADER)),
    algorithms: readList(headers.get(CLIENT_ACCEPT_ALGORITHMS_HEADER)),
  };
}

export interface PublishedSigningKey {
  kid: string;
  state: "pending" | "active" | "retiring" | "retired" | "revoked";
}

/**
 * - `deprecated_algorithm`: every algorithm the client accepts is deprecated, so it breaks the day
 *   those are switched off;
 * - `stale_kid`: its JWKS copy lacks every active signing key, or still holds one that was
 *   retired, revoked or never published: it has not refreshed since a signing-key rotation;
 * - `current`: neither; `unreported`: it sent neither header (an older SDK or another client).
 */
export function classifyClientJwks(
  report: ClientJwksReport,
  { keys, deprecatedAlgorithms }: { keys: PublishedSigningKey[]; deprecatedAlgorithms: readonly string[] },
): ClientJwksStatus {
  if (!report.kids && !report.algorithms) return "unreported";
  if (report.algorithms?.every((algorithm) => deprecatedAlgorithms.includes(algorithm))) return "deprecated_algorithm";
  if (report.kids) {
    const stateOf = new Map(keys.map((key) => [key.kid, key.state]));
    const knowsActiveKey = report.kids.some((kid) => stateOf.get(kid) === "active");
    const holdsDeadKey = report.kids.some(
      (kid) => !["pending", "active", "retiring"].includes(stateOf.get(kid) ?? "unknown"),
    );
    if (!knowsActiveKey || holdsDeadKey) return "stale_kid";
  }
  return "current";
}

const BUCKET_MS = 60_000;

/**
 * Counts client JWKS reports per minute and product in memory, like `ValidationTelemetry`, and
 * classifies them only when flushing: one signing-key read per flush instead of one per request.
 */
export class ClientJwksTelemetry {
  private pending = new Map<
    string,
    { bucketStart: Date; productId: string | null; report: ClientJwksReport; count: number }
  >();

  constructor(private readonly options: { deprecatedAlgorithms: readonly string[] }) {}

  record({ at, productId, report }: { at: Date; productId: string | null; report: ClientJwksReport }): void {
    const bucketStart = new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
    const id = `${bucketStart.getTime()}|${productId ?? ""}|${report.kids?.join(",") ?? "-"}|${report.algorithms?.join(",") ?? "-"}`;
    const current = this.pending.get(id);
    if (current) current.count += 1;
    else this.pending.set(id, { bucketStart, productId, report, count: 1 });
  }

  /** Writes what was counted so far; on failure everything is kept for the next attempt. */
  async flush(db: Executor): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    try {
      const keys = await db.select({ kid: signingKeys.kid, state: signingKeys.state }).from(signingKeys);
      const rows = new Map<string, typeof clientJwksCounts.$inferInsert>();
      for (const entry of batch.values()) {
        const status = classifyClientJwks(entry.report, {
          keys,
          deprecatedAlgorithms: this.options.deprecatedAlgorithms,
        });
        const id = `${entry.bucketStart.getTime()}|${entry.productId ?? ""}|${status}`;
        const row = rows.get(id);
        if (row) row.count += entry.count;
        else rows.set(id, { bucketStart: entry.bucketStart, productId: entry.productId, status, count: entry.count });
      }
      await db
        .insert(clientJwksCounts)
        .values([...rows.values()])
        .onConflictDoUpdate({
          target: [clientJwksCounts.bucketStart, clientJwksCounts.productId, clientJwksCounts.status],
          set: { count: sql`${clientJwksCounts.count} + excluded.count` },
        });
      return rows.size;
    } catch (error) {
      for (const [id, entry] of batch) {
        const current = this.pending.get(id);
        if (current) current.count += entry.count;
        else this.pending.set(id, entry);
      }
      throw error;
    }
  }
}
