/**
 * Node: the same checks as the WebCrypto verifier, but the signature is checked synchronously with
 * `node:crypto`. WebCrypto in Node queues each verification on the libuv thread pool and resolves a
 * promise when it is done, which cost an offline check over a third of its speed (bench/RESULTS.md,
 * sdk-verify). Chosen by the "node" condition of `#runtime-crypto` (packages/sdk/package.json).
 */
import { createHash, KeyObject, verify } from "node:crypto";
import { errors } from "jose";
import { parseCompactJws, type SigningAlgorithm } from "../compact-jws.ts";
import type { JwksCache } from "../jwks-cache.ts";

/**
 * The cache hands out one CryptoKey per `kid` for as long as the key is in the set, so keying on
 * it converts each key once and forgets it with the key.
 */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** The verified payload's bytes; throws jose's errors (and the cache's) for anything else. */
export async function verifyCompactJws(jws: string, getKey: JwksCache["getKey"]): Promise<Uint8Array> {
  const { header, signingInput, encodedPayload, encodedSignature } = parseCompactJws(jws);
  const key = toKeyObject(await getKey(header));
  checkKeyFitsAlgorithm(key, header.alg);
  let isVerified: boolean;
  try {
    isVerified = verifySignature(
      header.alg,
      key,
      Buffer.from(signingInput, "ascii"),
      Buffer.from(encodedSignature, "base64url"),
    );
  } catch (cause) {
    throw new errors.JWSSignatureVerificationFailed(undefined, { cause });
  }
  if (!isVerified) throw new errors.JWSSignatureVerificationFailed();
  return Buffer.from(encodedPayload, "base64url");
}

/** base64url (no padding) of SHA-256 over the bytes. */
export async function sha256Base64url(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return createHash("sha256").update(bytes).digest("base64url");
}

function toKeyObject(key: CryptoKey | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key;
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/** RFC 7518 §3.1 and RFC 8037 §3.1; jose refuses the same mismatches, and RSA keys under 2048 bits. */
function checkKeyFitsAlgorithm(key: KeyObject, alg: SigningAlgorithm): void {
  const { asymmetricKeyType, asymmetricKeyDetails } = key;
  const fits =
    key.type === "public" &&
    (alg === "EdDSA"
      ? asymmetricKeyType === "ed25519" || asymmetricKeyType === "ed448"
      : alg === "ES256"
        ? asymmetricKeyType === "ec" && asymmetricKeyDetails?.namedCurve === "prime256v1"
        : asymmetricKeyType === "rsa" && (asymmetricKeyDetails?.modulusLength ?? 0) >= 2048);
  if (!fits) throw new TypeError(`The key for this token cannot verify ${alg} signatures`);
}

function verifySignature(alg: SigningAlgorithm, key: KeyObject, signingInput: Buffer, signature: Buffer): boolean {
  switch (alg) {
    case "EdDSA":
      return verify(null, signingInput, key, signature);
    case "ES256":
      // JWS carries ECDSA signatures as R || S (RFC 7518 §3.4), not DER.
      return verify("sha256", signingInput, { key, dsaEncoding: "ieee-p1363" }, signature);
    case "RS256":
      return verify("sha256", signingInput, key, signature);
  }
}
