/**
 * Test and benchmark factories: signing keys, license files and validation tokens made the way the
 * portal makes them, and a fake portal behind a `fetch` that records what it was asked. Every
 * factory returns fresh values (new key ids, new license ids), so tests never share state.
 */
import { createHash, KeyObject, sign } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK } from "jose";
import { KEY_EXCHANGE_TOKEN_AUDIENCE } from "../src/exchange-key.ts";
import type { SIGNING_ALGORITHMS } from "../src/jwks-cache.ts";
import type { LicenseClaims } from "../src/license-claims.ts";
import type { RevocationEntry } from "../src/revocation-list.ts";
import {
  REVOCATIONS_TOKEN_AUDIENCE,
  type RevocationSyncState,
  type RevocationSyncStorage,
} from "../src/revocation-sync.ts";
import { VALIDATION_TOKEN_AUDIENCE, type ValidationVerdict } from "../src/validate-online.ts";
import { DEVICE_LEASE_AUDIENCE, DEVICE_REFUSAL_AUDIENCE } from "../src/device-protocol.ts";
import { fingerprintHash } from "../src/fingerprint-hash.ts";

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const PORTAL_URL = "https://portal.rekey.test";

export const toSeconds = (iso: string) => Date.parse(iso) / 1000;
export const fixedNow = (iso: string) => () => new Date(iso);

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeSigningKey(alg: SigningAlgorithm = "EdDSA"): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const kid = `${alg.toLowerCase()}-${crypto.randomUUID()}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** The key as the portal publishes one reserved for a product or an edition (signing-key-scope.ts). */
export function scopeSigningKey(key: SigningKey, scope: { product: string; edition?: string }): SigningKey {
  return { ...key, publicJwk: { ...key.publicJwk, rekey_scope: scope } as JWK };
}

export function makeJwks(...keys: SigningKey[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

/** Valid from 2026-01-01 until 2026-07-01 (the refresh horizon), license until 2027-01-01, 7 days' grace. */
export function makeLicenseClaims(overrides: Partial<LicenseClaims> = {}): LicenseClaims {
  return {
    iss: PORTAL_URL,
    sub: crypto.randomUUID(),
    aud: "studio",
    iat: toSeconds("2026-01-01T00:00:00Z"),
    nbf: toSeconds("2026-01-01T00:00:00Z"),
    exp: toSeconds("2026-07-01T00:00:00Z"),
    ver: 2,
    edition: "pro",
    trial: false,
    seats: 5,
    entitlements: ["export", "sync"],
    grace_days: 7,
    license_expires_at: toSeconds("2027-01-01T00:00:00Z"),
    ...overrides,
  };
}

/** Signs any payload, so tests can also sign what the portal never would. */
export function signLicenseFile(key: SigningKey, claims: object): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

/**
 * Signs a compact JWS with node:crypto instead of jose, with any header and payload text, so tests
 * can build what jose would refuse to produce. `payload` is the JSON text, base64url-encoded here.
 */
export function signCompactJwsWithNodeCrypto(key: SigningKey, header: object, payload: string): string {
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(payload).toString("base64url")}`;
  const privateKey = KeyObject.from(key.privateKey);
  const signature =
    key.alg === "EdDSA"
      ? sign(null, Buffer.from(signingInput), privateKey)
      : sign(
          "sha256",
          Buffer.from(signingInput),
          key.alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey,
        );
  return `${signingInput}.${signature.toString("base64url")}`;
}

export function makeVerdict(overrides: Partial<ValidationVerdict> = {}): ValidationVerdict {
  return {
    valid: true,
    code: "VALID",
    detail: "The license is valid.",
    license: {
      id: crypto.randomUUID(),
      product: "studio",
      edition: "pro",
      status: "active",
      expiresAt: "2027-01-01T00:00:00.000Z",
      seats: 5,
      entitlements: ["export", "sync"],
    },
    key: { state: "active" },
    meta: { nonce: null, ts: "2026-03-01T12:00:00.000Z" },
    ...overrides,
  };
}

export function signValidationToken(
  key: SigningKey,
  verdict: ValidationVerdict,
  issuedAt: string,
  audience = VALIDATION_TOKEN_AUDIENCE,
): Promise<string> {
  const iat = toSeconds(issuedAt);
  return signLicenseFile(key, { iss: PORTAL_URL, aud: audience, iat, exp: iat + 300, ...verdict });
}

export interface ValidateRequestBody {
  key: string;
  fingerprint?: string;
  product?: string;
  nonce: string;
}

export interface RevocationsRequest {
  since: number;
  ifNoneMatch: string | null;
}

export interface KeyExchangeRequestBody {
  key: string;
  nonce: string;
}

export interface FakePortal {
  fetch: typeof globalThis.fetch;
  requests: { method: string; url: string; body: unknown; headers: Headers }[];
  countRequests(path: string): number;
}

/** A handler that throws stands for a network failure, which is how `fetch` reports one. */
export function createFakePortal(handlers: {
  jwks?: () => JSONWebKeySet | Response;
  validate?: (body: ValidateRequestBody) => Response | Promise<Response>;
  revocations?: (request: RevocationsRequest) => Response | Promise<Response>;
  exchangeKey?: (body: KeyExchangeRequestBody) => Response | Promise<Response>;
  devices?: (action: DeviceAction, body: DeviceRequestBody) => Response | Promise<Response>;
  usage?: (body: DeviceRequestBody) => Response | Promise<Response>;
}): FakePortal {
  const requests: FakePortal["requests"] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body: unknown = request.method === "POST" ? await request.json() : undefined;
    requests.push({ method: request.method, url: request.url, body, headers: request.headers });
    const path = new URL(request.url).pathname;
    if (path === "/.well-known/jwks.json" && handlers.jwks) {
      const jwks = handlers.jwks();
      return jwks instanceof Response ? jwks : Response.json(jwks);
    }
    if (path === "/api/v1/licenses/validate" && handlers.validate)
      return handlers.validate(body as ValidateRequestBody);
    if (path === "/api/v1/revocations" && handlers.revocations) {
      const since = Number(new URL(request.url).searchParams.get("since"));
      return handlers.revocations({ since, ifNoneMatch: request.headers.get("if-none-match") });
    }
    if (path === "/api/v1/keys/exchange" && handlers.exchangeKey)
      return handlers.exchangeKey(body as KeyExchangeRequestBody);
    if (path === "/api/v1/usage" && handlers.usage) return handlers.usage(body as DeviceRequestBody);
    const deviceAction = /^\/api\/v1\/devices\/(activate|heartbeat|deactivate)$/.exec(path)?.[1] as
      | DeviceAction
      | undefined;
    if (deviceAction && handlers.devices) return handlers.devices(deviceAction, body as DeviceRequestBody);
    return new Response("Not found", { status: 404 });
  };
  const countRequests = (path: string) => requests.filter((request) => new URL(request.url).pathname === path).length;
  return { fetch, requests, countRequests };
}

const LICENSE_KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random key shaped like the portal's (`RK-XXXX-XXXX-XXXX-XXXX-C`); the check symbol is random too. */
export function makeLicenseKey(): string {
  const symbols = Array.from(
    crypto.getRandomValues(new Uint8Array(17)),
    (byte) => LICENSE_KEY_ALPHABET[byte % LICENSE_KEY_ALPHABET.length],
  ).join("");
  return ["RK", ...symbols.slice(0, 16).match(/.{4}/g)!, symbols.slice(16)].join("-");
}

/** A revoked license by default; `seq` is what the feed assigns, so pass it when it matters. */
export function makeRevocationEntry(overrides: Partial<RevocationEntry> = {}): RevocationEntry {
  const licenseId = crypto.randomUUID();
  return {
    seq: 1,
    kind: "license",
    subject: licenseId,
    licenseId,
    reason: "unspecified",
    revokedAt: "2026-03-01T12:00:00.000Z",
    ...overrides,
  };
}

export interface RevocationPageClaims {
  since: number;
  next: number;
  hasMore: boolean;
  items: unknown[];
}

export function signRevocationPage(
  key: SigningKey,
  page: RevocationPageClaims,
  issuedAt: string,
  audience = REVOCATIONS_TOKEN_AUDIENCE,
): Promise<string> {
  return signLicenseFile(key, { ...page, iss: PORTAL_URL, aud: audience, iat: toSeconds(issuedAt) });
}

export interface FakeRevocationFeed {
  /** Appends to the feed with the next sequence number, as the portal does when something is revoked. */
  revoke(entry?: Partial<Omit<RevocationEntry, "seq">>): RevocationEntry;
  /** Answers `GET /api/v1/revocations` as the portal's route does: pages, ETag, 304. */
  answer(request: RevocationsRequest): Promise<Response>;
}

export function createFakeRevocationFeed(
  key: SigningKey,
  { pageSize = 500, issuedAt = "2026-03-01T12:00:00Z" } = {},
): FakeRevocationFeed {
  const entries: RevocationEntry[] = [];
  return {
    revoke: (entry = {}) => {
      const revoked = makeRevocationEntry({ ...entry, seq: entries.length + 1 });
      entries.push(revoked);
      return revoked;
    },
    answer: async ({ since, ifNoneMatch }) => {
      const after = entries.filter((entry) => entry.seq > since);
      const items = after.slice(0, pageSize);
      const page = { since, next: items.at(-1)?.seq ?? since, hasMore: after.length > pageSize, items };
      const etag = `"${createHash("sha256").update(`${page.since}:${page.next}:${page.items.length}`).digest("base64url")}"`;
      if (ifNoneMatch === etag) return new Response(null, { status: 304, headers: { etag } });
      return Response.json({ ...page, token: await signRevocationPage(key, page, issuedAt) }, { headers: { etag } });
    },
  };
}

/** base64url SHA-256 of the key's UTF-8, computed the way the portal does (node:crypto, not WebCrypto). */
export function licenseKeySha256(licenseKey: string): string {
  return createHash("sha256").update(licenseKey, "utf8").digest("base64url");
}

export interface KeyExchangeAnswer {
  licenseId: string;
  newKey: string;
  oldKeyRetiresAt: string | null;
  meta: { nonce: string | null; ts: string };
}

export function makeKeyExchangeAnswer(
  nonce: string | null,
  overrides: Partial<KeyExchangeAnswer> = {},
): KeyExchangeAnswer {
  return {
    licenseId: crypto.randomUUID(),
    newKey: makeLicenseKey(),
    oldKeyRetiresAt: "2026-03-08T12:00:00.000Z",
    meta: { nonce, ts: "2026-03-01T12:00:00.000Z" },
    ...overrides,
  };
}

/** The exchange token over an answer: the new key only as prefix and hash. `claims` overrides what is signed. */
export function signKeyExchangeToken(
  key: SigningKey,
  answer: KeyExchangeAnswer,
  issuedAt: string,
  claims: object = {},
): Promise<string> {
  const iat = toSeconds(issuedAt);
  const { newKey, ...signed } = answer;
  return signLicenseFile(key, {
    ...signed,
    newKeyPrefix: newKey.slice(0, 7),
    newKeySha256: licenseKeySha256(newKey),
    iss: PORTAL_URL,
    aud: KEY_EXCHANGE_TOKEN_AUDIENCE,
    iat,
    exp: iat + 300,
    ...claims,
  });
}

/** Revocation sync storage in memory, keeping a JSON copy as an app would persist it. */
export function createMemoryRevocationStorage(
  initial: RevocationSyncState | null = null,
): RevocationSyncStorage & { stored: () => RevocationSyncState | null; writes: () => number } {
  let json = initial === null ? null : JSON.stringify(initial);
  let writes = 0;
  const stored = () => (json === null ? null : (JSON.parse(json) as RevocationSyncState));
  return {
    get: async () => stored(),
    set: async (state) => {
      json = JSON.stringify(state);
      writes += 1;
    },
    stored,
    writes: () => writes,
  };
}

export type DeviceAction = "activate" | "heartbeat" | "deactivate";

export interface DeviceRequestBody {
  key: string;
  fingerprint: string;
  product?: string;
  nonce: string;
  name?: string;
  platform?: string;
  pin?: string;
}

/** The portal's answer to a granted activation or heartbeat: a lease signed for this request. */
export async function answerWithLease(
  key: SigningKey,
  body: DeviceRequestBody,
  {
    licenseId,
    deviceId,
    issuedAt,
    leaseSeconds = 86_400,
    graceDays = 7,
  }: { licenseId: string; deviceId: string; issuedAt: string; leaseSeconds?: number; graceDays?: number },
): Promise<Response> {
  const iat = toSeconds(issuedAt);
  const claims = {
    iss: PORTAL_URL,
    aud: DEVICE_LEASE_AUDIENCE,
    sub: licenseId,
    device: deviceId,
    fph: await fingerprintHash(licenseId, body.fingerprint),
    product: "studio",
    iat,
    exp: iat + leaseSeconds,
    grace_days: graceDays,
    nonce: body.nonce,
  };
  const token = await signLicenseFile(key, claims);
  const expiresAt = new Date((iat + leaseSeconds) * 1000);
  return Response.json({
    device: {
      id: deviceId,
      name: body.name ?? "Unnamed device",
      platform: body.platform ?? "unknown",
      status: "active",
    },
    lease: {
      token,
      expiresAt: expiresAt.toISOString(),
      graceEndsAt: new Date(expiresAt.getTime() + graceDays * 86_400_000).toISOString(),
    },
  });
}

/** The portal's refusal: problem+json, with the refusal signed for this request unless `isSigned` is false. */
export async function answerWithRefusal(
  key: SigningKey,
  body: DeviceRequestBody,
  {
    code,
    status = 409,
    issuedAt,
    isSigned = true,
    extensions = {},
  }: { code: string; status?: number; issuedAt: string; isSigned?: boolean; extensions?: Record<string, unknown> },
): Promise<Response> {
  const detail = `Refused: ${code}.`;
  const iat = toSeconds(issuedAt);
  const token = isSigned
    ? await signLicenseFile(key, {
        iss: PORTAL_URL,
        aud: DEVICE_REFUSAL_AUDIENCE,
        code,
        detail,
        iat,
        exp: iat + 300,
        nonce: body.nonce,
      })
    : undefined;
  return Response.json(
    {
      type: `https://rekey.dev/problems/${code.toLowerCase()}`,
      title: "Conflict with the current state",
      status,
      code,
      detail,
      ...extensions,
      ...(token ? { token } : {}),
    },
    { status, headers: { "content-type": "application/problem+json" } },
  );
}
