/**
 * Test and benchmark factories: signing keys, license files and validation tokens made the way the
 * portal makes them, and a fake portal behind a `fetch` that records what it was asked. Every
 * factory returns fresh values (new key ids, new license ids), so tests never share state.
 */
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK } from "jose";
import type { SIGNING_ALGORITHMS } from "../src/jwks-cache";
import type { LicenseClaims } from "../src/license-claims";
import { VALIDATION_TOKEN_AUDIENCE, type ValidationVerdict } from "../src/validate-online";

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
    ver: 1,
    edition: "pro",
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

export function signValidationToken(key: SigningKey, verdict: ValidationVerdict, issuedAt: string, audience = VALIDATION_TOKEN_AUDIENCE): Promise<string> {
  const iat = toSeconds(issuedAt);
  return signLicenseFile(key, { iss: PORTAL_URL, aud: audience, iat, exp: iat + 300, ...verdict });
}

export interface ValidateRequestBody {
  key: string;
  fingerprint?: string;
  product?: string;
  nonce: string;
}

export interface FakePortal {
  fetch: typeof globalThis.fetch;
  requests: { method: string; url: string; body: unknown }[];
  countRequests(path: string): number;
}

/** A handler that throws stands for a network failure, which is how `fetch` reports one. */
export function createFakePortal(handlers: {
  jwks?: () => JSONWebKeySet | Response;
  validate?: (body: ValidateRequestBody) => Response | Promise<Response>;
}): FakePortal {
  const requests: FakePortal["requests"] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body: unknown = request.method === "POST" ? await request.json() : undefined;
    requests.push({ method: request.method, url: request.url, body });
    const path = new URL(request.url).pathname;
    if (path === "/.well-known/jwks.json" && handlers.jwks) {
      const jwks = handlers.jwks();
      return jwks instanceof Response ? jwks : Response.json(jwks);
    }
    if (path === "/api/v1/licenses/validate" && handlers.validate) return handlers.validate(body as ValidateRequestBody);
    return new Response("Not found", { status: 404 });
  };
  const countRequests = (path: string) => requests.filter((request) => new URL(request.url).pathname === path).length;
  return { fetch, requests, countRequests };
}
