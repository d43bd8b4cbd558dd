/**
 * Updates (issue 19): ask the portal whether a newer release the license entitles exists, and
 * check a downloaded file offline against its signed digest. The signature is a JWT signed with a
 * key of the portal's JWKS whose claims carry the file's SHA-256 and size; the unsigned fields
 * around it are only a convenience, so every fact the SDK acts on is read from the signed claims.
 * WebCrypto only (crypto.subtle), so it runs in browsers, Deno and Node alike.
 */
import { errors } from "jose";
import { verifyCompactJws } from "#runtime-crypto";
import { isRecord } from "./is-record.ts";
import { JwksUnavailableError, UnknownKeyIdError, type JwksCache } from "./jwks-cache.ts";
import { badSignature, requestPortal, type PortalFailure } from "./portal-request.ts";
import { portalUrl } from "./portal-url.ts";
import type { Problem } from "./validate-online.ts";

/** The `typ` claim of an artifact's signed digest; no other portal token carries it. */
export const ARTIFACT_DIGEST_TYPE = "rekey-artifact+jwt";

export interface ArtifactClaims {
  /** The artifact's id. */
  sub: string;
  /** The product code. */
  aud: string;
  iss: string;
  version: string;
  channel: string;
  platform: string;
  arch: string;
  file: string;
  size: number;
  sha256: string;
}

export type ArtifactVerification =
  | { ok: true; claims: ArtifactClaims }
  | { ok: false; reason: "bad_signature" | "digest_mismatch" | "unreachable"; detail: string };

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

function artifactClaimsOf(payload: unknown): ArtifactClaims | null {
  if (!isRecord(payload) || payload.typ !== ARTIFACT_DIGEST_TYPE) return null;
  const strings = ["sub", "aud", "iss", "version", "channel", "platform", "arch", "file", "sha256"] as const;
  if (!strings.every((claim) => typeof payload[claim] === "string")) return null;
  if (typeof payload.size !== "number" || !/^[0-9a-f]{64}$/.test(payload.sha256 as string)) return null;
  return payload as unknown as ArtifactClaims;
}

/** The verified claims of an artifact's signed digest, or why not. */
async function readArtifactSignature(
  signature: string,
  jwks: JwksCache,
): Promise<{ claims: ArtifactClaims } | { ok: false; reason: "bad_signature" | "unreachable"; detail: string }> {
  try {
    const claims = artifactClaimsOf(
      JSON.parse(new TextDecoder().decode(await verifyCompactJws(signature.trim(), jwks.getKey))),
    );
    return claims ? { claims } : badSignature("The signature is not a release file's digest.");
  } catch (error) {
    if (error instanceof JwksUnavailableError)
      return { ok: false, reason: "unreachable", detail: "The portal's signing keys could not be fetched." };
    if (error instanceof UnknownKeyIdError || error instanceof errors.JOSEError || error instanceof SyntaxError)
      return badSignature(`The signature was not accepted: ${error.message}`);
    throw error;
  }
}

/**
 * Checks a downloaded file: the signature must verify with the portal's JWKS and be an artifact
 * digest (optionally of `product`), and the bytes must have exactly the size and SHA-256 it signs.
 * Only `ok: true` means "install it".
 */
export async function verifyArtifact(
  bytes: Uint8Array,
  signature: string,
  { jwks, product }: { jwks: JwksCache; product?: string },
): Promise<ArtifactVerification> {
  const read = await readArtifactSignature(signature, jwks);
  if (!("claims" in read)) return read;
  const { claims } = read;
  if (product !== undefined && claims.aud !== product)
    return { ok: false, reason: "bad_signature", detail: "The signature is for another product's file." };
  if (bytes.byteLength !== claims.size)
    return {
      ok: false,
      reason: "digest_mismatch",
      detail: `The file has ${bytes.byteLength} bytes; the signature says ${claims.size}.`,
    };
  const digest = hex(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  if (digest !== claims.sha256)
    return { ok: false, reason: "digest_mismatch", detail: "The file's SHA-256 is not the one the signature names." };
  return { ok: true, claims };
}

export interface CheckForUpdateOptions {
  baseUrl: string;
  /** The license key; sent only as the bearer credential, never in the URL. */
  key: string;
  product: string;
  /** The running version (Semantic Versioning). */
  version: string;
  platform: "linux" | "macos" | "windows" | "any";
  arch?: "x64" | "arm64" | "universal";
  channel?: string;
  jwks: JwksCache;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  timeoutMs?: number;
}

export interface AvailableUpdate {
  version: string;
  channel: string;
  releasedAt: string;
  notes: string;
  /** From the verified signature: what the downloaded bytes must match (check with verifyArtifact). */
  artifact: ArtifactClaims & { id: string; signature: string; downloadUrl: string; downloadExpiresAt: string };
}

export type UpdateCheckResult =
  | { ok: true; update: AvailableUpdate | null }
  | { ok: false; reason: "refused"; code: string; detail: string; problem: Problem }
  | PortalFailure;

/**
 * `update: null` when the running version is the newest the license entitles (the portal's 204);
 * otherwise the newer release, whose file facts come from its verified signed digest. A refusal
 * (`refused`) carries the portal's code: UNAUTHENTICATED, REVOKED, SUSPENDED, PRODUCT_MISMATCH, ….
 */
export async function checkForUpdate({
  baseUrl,
  key,
  product,
  version,
  platform,
  arch,
  channel = "stable",
  jwks,
  fetch = globalThis.fetch,
  now = () => new Date(),
  timeoutMs = 10_000,
}: CheckForUpdateOptions): Promise<UpdateCheckResult> {
  const query = new URLSearchParams({ product, version, platform, channel, ...(arch ? { arch } : {}) });
  const answer = await requestPortal(
    portalUrl(baseUrl, `/api/v1/releases/upgrade?${query}`),
    { headers: { authorization: `Bearer ${key}`, accept: "application/json, application/problem+json" } },
    { fetch, now, timeoutMs, isNoContentAnAnswer: true },
  );
  switch (answer.kind) {
    case "failed":
      return answer.failure;
    case "not_modified":
      return { ok: false, reason: "unreachable", detail: "The answer was 304 to a request that cannot be cached." };
    case "refused":
      return {
        ok: false,
        reason: "refused",
        code: answer.problem.code,
        detail: answer.problem.detail ?? answer.problem.title,
        problem: answer.problem,
      };
    case "answered": {
      const { body } = answer;
      if (Object.keys(body).length === 0) return { ok: true, update: null };
      const artifact = isRecord(body.artifact) ? body.artifact : null;
      if (!artifact || typeof artifact.signature !== "string")
        return badSignature("The answer carries no signed digest.");
      const read = await readArtifactSignature(artifact.signature, jwks);
      if (!("claims" in read)) return read;
      const { claims } = read;
      if (claims.aud !== product) return badSignature("The release's signed digest is for another product.");
      return {
        ok: true,
        update: {
          version: claims.version,
          channel: claims.channel,
          releasedAt: String(body.releasedAt),
          notes: typeof body.notes === "string" ? body.notes : "",
          artifact: {
            ...claims,
            id: claims.sub,
            signature: artifact.signature,
            downloadUrl: String(artifact.downloadUrl),
            downloadExpiresAt: String(artifact.downloadExpiresAt),
          },
        },
      };
    }
  }
}
