/**
 * The part of checking a compact JWS (RFC 7515 §7.1) that needs no key: three base64url parts and
 * a protected header the SDK is willing to act on. Both runtime verifiers (`#runtime-crypto`) start
 * here, so a file that is ill-formed is refused with the same error whichever one runs. The errors
 * are jose's classes, so callers classify them the same way as what jose itself throws.
 */
import { base64url, errors, type JWSHeaderParameters } from "jose";
import { isRecord } from "./is-record.ts";
import { isSigningAlgorithm, type SIGNING_ALGORITHMS } from "./jwks-cache.ts";

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface CompactJws {
  header: JWSHeaderParameters & { alg: SigningAlgorithm };
  /** ASCII(BASE64URL(header) || "." || BASE64URL(payload)): what the signature covers (RFC 7515 §5.2). */
  signingInput: string;
  encodedPayload: string;
  encodedSignature: string;
}

/** RFC 7515 §2: base64url without padding, line breaks or whitespace; one leftover character is never valid. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The only extension jose understands is `b64` (RFC 7797); the SDK understands it only as "the
 * payload is base64url", the portal's sole form, so naming it in `crit` is tolerated as jose does.
 */
const UNDERSTOOD_CRITICAL_PARAMETERS = new Set(["b64"]);

export function parseCompactJws(jws: string): CompactJws {
  const parts = jws.split(".");
  if (parts.length !== 3) throw new errors.JWSInvalid("Invalid Compact JWS");
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  for (const [label, part] of [
    ["header", encodedHeader],
    ["payload", encodedPayload],
    ["signature", encodedSignature],
  ] as const) {
    if (!BASE64URL.test(part) || part.length % 4 === 1)
      throw new errors.JWSInvalid(`The JWS ${label} is not base64url`);
  }
  const header = readProtectedHeader(encodedHeader);
  return { header, signingInput: `${encodedHeader}.${encodedPayload}`, encodedPayload, encodedSignature };
}

function readProtectedHeader(encodedHeader: string): CompactJws["header"] {
  let header: unknown;
  try {
    header = JSON.parse(strictUtf8.decode(base64url.decode(encodedHeader)));
  } catch (cause) {
    throw new errors.JWSInvalid("JWS Protected Header is invalid", { cause });
  }
  if (!isRecord(header)) throw new errors.JWSInvalid("JWS Protected Header is invalid");
  checkCriticalParameters(header);
  // RFC 7797 §3: with `b64: false` the payload is signed unencoded. The portal never does that, and
  // accepting it would let the same bytes mean two different payloads.
  if ("b64" in header && header.b64 !== true)
    throw new errors.JWSInvalid('Unencoded payloads ("b64": false) are not accepted');
  const { alg } = header;
  if (typeof alg !== "string" || alg === "")
    throw new errors.JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (!isSigningAlgorithm(alg))
    throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  return header as CompactJws["header"];
}

/** RFC 7515 §4.1.11: a recipient must refuse a JWS naming an extension it does not understand. */
function checkCriticalParameters(header: Record<string, unknown>): void {
  const { crit } = header;
  if (crit === undefined) return;
  if (
    !Array.isArray(crit) ||
    crit.length === 0 ||
    crit.some((name) => typeof name !== "string" || name === "") ||
    new Set(crit).size !== crit.length
  ) {
    throw new errors.JWSInvalid(
      '"crit" (Critical) Header Parameter MUST be an array of distinct non-empty strings when present',
    );
  }
  for (const name of crit as string[]) {
    if (!UNDERSTOOD_CRITICAL_PARAMETERS.has(name))
      throw new errors.JOSENotSupported(`Extension Header Parameter "${name}" is not recognized`);
    if (header[name] === undefined) throw new errors.JWSInvalid(`Extension Header Parameter "${name}" is missing`);
  }
}
