/**
 * The signing service: the only code that opens private key material. Callers get a narrow,
 * async interface (`sign`, `publicKeys`) so it can move out of process without touching them.
 */
import { and, eq, inArray } from "drizzle-orm";
import { createPrivateKey, sign as signBytes, type KeyObject } from "node:crypto";
import type { JWTPayload } from "jose";
import type { Db } from "@/lib/db";
import { editions, products, signingKeys } from "@/lib/db/schema";
import { openSecret, type MasterKeyRing } from "@/lib/crypto";
import type { SigningAlgorithm } from "./algorithms";
import { withScopeMember } from "./jwks-publication";
import { GLOBAL_SCOPE, type SigningScope } from "./scope";
import { PUBLISHED_STATES, privateKeyContext, type PublicJwk } from "./signing-key-store";

export interface SignOptions {
  /** Candidate scopes, most specific first; the first with an active key signs. */
  scopes: SigningScope[];
}

export interface SigningService {
  sign(claims: JWTPayload, options: SignOptions): Promise<{ token: string; kid: string; alg: SigningAlgorithm }>;
  /**
   * `sign` for claims already serialized as a JSON object: a caller that sends the same JSON in its
   * answer (the revocation feed) builds it once instead of once for the token and once for the body.
   */
  signJson(claimsJson: string, options: SignOptions): Promise<{ token: string; kid: string; alg: SigningAlgorithm }>;
  /** Pending, active and retiring public keys: what the JWKS publishes. */
  publicKeys(): Promise<PublicJwk[]>;
  /**
   * Forget cached keys. Wired to the signing-key change notices (lib/db/change-notices.ts), so a
   * rotation in any process reaches every process at commit; the TTL only bounds a missed notice.
   */
  invalidate(): void;
}

export class NoActiveSigningKey extends Error {}

interface ActiveKey {
  kid: string;
  alg: SigningAlgorithm;
  scope: SigningScope;
  key: KeyObject;
}

/** How long the last published key set is served while the database cannot be read. */
const STALE_PUBLIC_KEYS_MS = 24 * 60 * 60_000;

export function createSigningService({
  db,
  ring,
  cacheTtlMs = 30_000,
  clock = Date.now,
}: {
  db: Db;
  ring: MasterKeyRing;
  cacheTtlMs?: number;
  clock?: () => number;
}): SigningService {
  let activeKeys: { at: number; byScope: Map<SigningScope, ActiveKey> } | null = null;
  let published: { at: number; keys: PublicJwk[] } | null = null;
  const importedPrivateKeys = new Map<string, KeyObject>();

  const isFresh = (entry: { at: number } | null) => entry !== null && clock() - entry.at < cacheTtlMs;
  /** Bumped by `invalidate`: a read that started before it does not fill the cache after it. */
  let generation = 0;

  const activeKeysRead = singleFlight(async () => {
    const startedIn = generation;
    const rows = await db.select().from(signingKeys).where(eq(signingKeys.state, "active"));
    const byScope = new Map<SigningScope, ActiveKey>();
    for (const row of rows) {
      let key = importedPrivateKeys.get(row.kid);
      if (!key) {
        key = createPrivateKey({
          key: JSON.parse(openSecret(ring, row.privateCiphertext, privateKeyContext(row.kid))),
          format: "jwk",
        });
        importedPrivateKeys.set(row.kid, key);
      }
      byScope.set(row.scope, { kid: row.kid, alg: row.algorithm, scope: row.scope, key });
    }
    if (startedIn === generation) activeKeys = { at: clock(), byScope };
    return byScope;
  });

  const publishedKeysRead = singleFlight(async () => {
    const startedIn = generation;
    try {
      const rows = await db
        .select({ publicJwk: signingKeys.publicJwk, product: products.code, edition: editions.code })
        .from(signingKeys)
        .leftJoin(products, eq(products.id, signingKeys.productId))
        .leftJoin(editions, eq(editions.id, signingKeys.editionId))
        .where(and(inArray(signingKeys.state, [...PUBLISHED_STATES])))
        .orderBy(signingKeys.createdAt);
      const keys = rows.map((row) => withScopeMember(row.publicJwk as PublicJwk, row));
      if (startedIn === generation) published = { at: clock(), keys };
      return keys;
    } catch (error) {
      // Public keys are safe to serve stale: with the database unreachable, clients keep
      // verifying from the last set we read (the JWKS response allows stale-if-error for a day).
      if (!published || clock() - published.at >= STALE_PUBLIC_KEYS_MS) throw error;
      return published.keys;
    }
  });

  async function loadActiveKeys(): Promise<Map<SigningScope, ActiveKey>> {
    if (activeKeys && isFresh(activeKeys)) return activeKeys.byScope;
    return activeKeysRead.run();
  }

  async function signJson(claimsJson: string, { scopes }: SignOptions) {
    const byScope = await loadActiveKeys();
    const signer = [...scopes, GLOBAL_SCOPE].map((scope) => byScope.get(scope)).find(Boolean);
    if (!signer) throw new NoActiveSigningKey(`No active signing key for ${scopes.join(", ")}.`);
    const token = signCompactJwt(claimsJson, signer);
    return { token, kid: signer.kid, alg: signer.alg };
  }

  return {
    sign: (claims, options) => signJson(JSON.stringify(claims), options),
    signJson,

    async publicKeys() {
      if (published && isFresh(published)) return published.keys;
      return publishedKeysRead.run();
    },

    invalidate() {
      generation++;
      activeKeys = null;
      published = null;
      activeKeysRead.forget();
      publishedKeysRead.forget();
    },
  };
}

/**
 * One read at a time: callers arriving while it runs share its answer instead of starting their
 * own. When the key cache expired under load, every waiting request sent the same query (the feed
 * bench saw 10 transactions in 5 s of JWKS 304s at 10 connections).
 */
function singleFlight<T>(read: () => Promise<T>) {
  let inFlight: Promise<T> | null = null;
  return {
    run(): Promise<T> {
      if (!inFlight) {
        const started = read();
        const settle = () => {
          if (inFlight === started) inFlight = null;
        };
        started.then(settle, settle);
        inFlight = started;
      }
      return inFlight;
    },
    /** The next caller starts a new read (after `invalidate`: keys changed since this one began). */
    forget() {
      inFlight = null;
    },
  };
}

const encodeJson = (json: string) => Buffer.from(json).toString("base64url");

/**
 * `claimsJson` as a JWT in JWS compact serialization (RFC 7515 §7.1), signed synchronously with
 * node:crypto. jose signs through WebCrypto, which in Node queues every signature on the libuv
 * thread pool and resolves a promise when it is done: on the validate path that hand-off cost more
 * than the signature itself. Verifiers, jose included, see the same token (the tests verify with jose).
 */
function signCompactJwt(claimsJson: string, { alg, kid, key }: ActiveKey): string {
  const signingInput = `${encodeJson(JSON.stringify({ alg, kid, typ: "JWT" }))}.${encodeJson(claimsJson)}`;
  const data = Buffer.from(signingInput, "ascii");
  const signature =
    alg === "EdDSA"
      ? signBytes(null, data, key)
      : // JWS carries ECDSA signatures as R || S (RFC 7518 §3.4), not DER.
        signBytes("sha256", data, alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key);
  return `${signingInput}.${signature.toString("base64url")}`;
}
