/**
 * The portal's public signing keys (a JWK Set, RFC 7517 §5), kept in memory so each check costs
 * one signature verification and no request. Imported CryptoKeys are kept per `kid`: re-importing
 * the JWK on every check made it about a quarter slower (bench/RESULTS.md).
 *
 * The portal publishes a key before it signs with it, so a token naming a `kid` we do not have
 * means our copy predates that key: refetch once. Refetches are limited to one per 30 s so a
 * stream of made-up `kid`s cannot turn every check into a request to the portal.
 */
import { errors, importJWK, type JSONWebKeySet, type JWK, type JWSHeaderParameters } from "jose";
import { isKeyScopedFor, SIGNING_KEY_SCOPE_MEMBER, type SignedSubject } from "./signing-key-scope.ts";

/** The algorithms the portal signs with. Verifiers hand this list to jose, so `none` and HMAC are refused outright. */
export const SIGNING_ALGORITHMS = ["EdDSA", "ES256", "RS256"] as const;

const REFETCH_COOLDOWN_MS = 30_000;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;

export interface JwksCache {
  /** Resolves the key for a JWS header. A jose key resolver: `jwtVerify(token, cache.getKey)`. */
  getKey: (header: JWSHeaderParameters) => Promise<CryptoKey>;
  /** The `kid`s this copy holds (empty before the first fetch); reported to the portal on validate. */
  knownKids?: () => string[];
  /**
   * Whether the key `kid` may sign for this license's product and edition (see signing-key-scope.ts):
   * asked after the signature verified, so a file for one edition signed with another's key is refused.
   */
  isKeyScopedFor: (kid: string, subject: SignedSubject) => boolean;
}

export type CreateJwksCacheOptions =
  | { url: string | URL; fetch?: typeof globalThis.fetch; maxAgeMs?: number; now?: () => Date }
  | { jwks: JSONWebKeySet };

/** No key in the set has this `kid`, even after refetching (or the set is static). */
export class UnknownKeyIdError extends Error {
  constructor(readonly kid: string) {
    super(`No signing key with kid "${kid}" in the JWKS`);
    this.name = "UnknownKeyIdError";
  }
}

/** The JWKS has never been fetched successfully, so there is no key to check against. */
export class JwksUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The JWKS could not be fetched", { cause });
    this.name = "JwksUnavailableError";
  }
}

interface KeyEntry {
  jwk: JWK;
  importedKey?: Promise<CryptoKey>;
}

type KeyRing = Map<string, KeyEntry>;

export function createJwksCache(options: CreateJwksCacheOptions): JwksCache {
  if ("jwks" in options) {
    const ring = indexKeys(options.jwks);
    return {
      getKey: async (header) => importKey(findEntry(ring, header), header),
      knownKids: () => [...ring.keys()],
      isKeyScopedFor: (kid, subject) => isInScope(ring, kid, subject),
    };
  }
  return createFetchingCache(options);
}

function createFetchingCache({
  url,
  fetch = globalThis.fetch,
  maxAgeMs = DEFAULT_MAX_AGE_MS,
  now = () => new Date(),
}: Extract<CreateJwksCacheOptions, { url: unknown }>): JwksCache {
  let ring: KeyRing | null = null;
  let fetchedAtMs = -Infinity;
  let attemptedAtMs = -Infinity;
  let lastFailure: unknown = null;
  let pendingFetch: Promise<void> | null = null;

  function refetch(): Promise<void> {
    pendingFetch ??= (async () => {
      attemptedAtMs = now().getTime();
      try {
        ring = indexKeys(await fetchJwks(url, fetch), ring);
        fetchedAtMs = attemptedAtMs;
        lastFailure = null;
      } catch (error) {
        lastFailure = error;
      }
    })().finally(() => {
      pendingFetch = null;
    });
    return pendingFetch;
  }

  async function refetchUnlessCoolingDown(): Promise<void> {
    if (pendingFetch) return pendingFetch;
    if (now().getTime() - attemptedAtMs >= REFETCH_COOLDOWN_MS) await refetch();
  }

  return {
    knownKids: () => [...(ring?.keys() ?? [])],
    isKeyScopedFor: (kid, subject) => ring !== null && isInScope(ring, kid, subject),
    getKey: async (header) => {
      if (!ring || now().getTime() - fetchedAtMs >= maxAgeMs) await refetchUnlessCoolingDown();
      // A stale set is still used when a refresh fails: keys are public, rotations overlap, and
      // refusing every check while the portal is unreachable would lock out offline clients.
      if (!ring) throw new JwksUnavailableError(lastFailure);
      const kid = readKid(header);
      if (!ring.has(kid)) await refetchUnlessCoolingDown();
      return importKey(findEntry(ring, header), header);
    },
  };
}

async function fetchJwks(url: string | URL, fetch: typeof globalThis.fetch): Promise<JSONWebKeySet> {
  // RFC 7517 §8.5.1 registers application/jwk-set+json; most servers answer plain JSON.
  const response = await fetch(url, { headers: { accept: "application/jwk-set+json, application/json" } });
  if (!response.ok) throw new Error(`JWKS request answered ${response.status}`);
  const body: unknown = await response.json();
  if (!isJwkSet(body)) throw new errors.JWKSInvalid("JWKS response has no keys array");
  return body;
}

function isJwkSet(value: unknown): value is JSONWebKeySet {
  return typeof value === "object" && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}

/**
 * Keys without a `kid`, with an algorithm the portal does not sign with, or marked for another use
 * (RFC 7517 §4.2) can never verify a portal token, so they are left out. Keys unchanged since the
 * previous fetch keep their imported CryptoKey.
 */
function indexKeys(jwks: JSONWebKeySet, previous: KeyRing | null = null): KeyRing {
  if (!isJwkSet(jwks)) throw new errors.JWKSInvalid("JWKS has no keys array");
  const ring: KeyRing = new Map();
  for (const jwk of jwks.keys) {
    if (typeof jwk.kid !== "string" || !isSigningAlgorithm(jwk.alg)) continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    const known = previous?.get(jwk.kid);
    ring.set(jwk.kid, known && describeKeyMaterial(known.jwk) === describeKeyMaterial(jwk) ? known : { jwk });
  }
  return ring;
}

export function isSigningAlgorithm(alg: unknown): alg is (typeof SIGNING_ALGORITHMS)[number] {
  return SIGNING_ALGORITHMS.some((signingAlgorithm) => signingAlgorithm === alg);
}

/** The scope is part of what a key is: a key that changed scope under the same `kid` is imported again. */
function describeKeyMaterial(jwk: JWK): string {
  const { kty, crv, x, y, n, e, alg } = jwk;
  return JSON.stringify([kty, crv, x, y, n, e, alg, (jwk as Record<string, unknown>)[SIGNING_KEY_SCOPE_MEMBER]]);
}

function isInScope(ring: KeyRing, kid: string, subject: SignedSubject): boolean {
  const entry = ring.get(kid);
  return entry !== undefined && isKeyScopedFor(entry.jwk, subject);
}

function readKid(header: JWSHeaderParameters): string {
  if (typeof header.kid !== "string") throw new errors.JWSInvalid('The token header has no "kid"');
  return header.kid;
}

function findEntry(ring: KeyRing, header: JWSHeaderParameters): KeyEntry {
  const kid = readKid(header);
  const entry = ring.get(kid);
  if (!entry) throw new UnknownKeyIdError(kid);
  return entry;
}

function importKey(entry: KeyEntry, header: JWSHeaderParameters): Promise<CryptoKey> {
  // The key decides the algorithm, not the token: a header claiming another `alg` for this key is
  // an algorithm-confusion attempt (RFC 8725 §3.1).
  if (header.alg !== entry.jwk.alg) {
    throw new errors.JOSEAlgNotAllowed(`Key "${entry.jwk.kid}" signs with ${entry.jwk.alg}, not ${header.alg}`);
  }
  entry.importedKey ??= importJWK(entry.jwk, entry.jwk.alg).then(
    (key) => {
      if (key instanceof Uint8Array || key.type !== "public")
        throw new errors.JWKInvalid("JWKS members must be public keys");
      return key;
    },
    (cause: unknown) => {
      throw new errors.JWKInvalid(`Key "${entry.jwk.kid}" could not be imported`, { cause });
    },
  );
  return entry.importedKey;
}
