/**
 * Envelope encryption. Each secret gets its own data key (AES-256-GCM); the data key is wrapped
 * by the current master key (also AES-256-GCM). Rotating the master key re-wraps data keys only,
 * so secrets themselves are never re-encrypted in bulk. `context` is bound as additional
 * authenticated data, so a ciphertext moved to another row or purpose fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MasterKeyError, type MasterKeyRing } from "./master-key-ring";

interface Envelope {
  /** Master key version that wrapped the data key. */
  v: number;
  /** Wrapped data key: iv.ciphertext.tag, base64url. */
  k: string;
  /** Sealed secret: iv.ciphertext.tag, base64url. */
  d: string;
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const [iv, ciphertext, tag] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !ciphertext || !tag) throw new Error("malformed sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

export function sealSecret(
  ring: MasterKeyRing,
  plaintext: string,
  context: string,
): { sealed: string; masterKeyVersion: number } {
  const dataKey = randomBytes(32);
  const envelope: Envelope = {
    v: ring.current.version,
    k: encrypt(ring.current.key, dataKey, `rekey:dek:${context}`),
    d: encrypt(dataKey, Buffer.from(plaintext, "utf8"), context),
  };
  return { sealed: Buffer.from(JSON.stringify(envelope)).toString("base64url"), masterKeyVersion: envelope.v };
}

function readEnvelope(sealed: string): Envelope {
  return JSON.parse(Buffer.from(sealed, "base64url").toString("utf8")) as Envelope;
}

function unwrapDataKey(ring: MasterKeyRing, envelope: Envelope, context: string): Buffer {
  const masterKey = ring.byVersion.get(envelope.v);
  if (!masterKey)
    throw new MasterKeyError(
      `No master key version ${envelope.v} in REKEY_MASTER_KEY; add it (after the current one) to read this secret.`,
    );
  try {
    return decrypt(masterKey, envelope.k, `rekey:dek:${context}`);
  } catch {
    throw new MasterKeyError(`REKEY_MASTER_KEY version ${envelope.v} does not open this secret: is it the right key?`);
  }
}

export function openSecret(ring: MasterKeyRing, sealed: string, context: string): string {
  const envelope = readEnvelope(sealed);
  return decrypt(unwrapDataKey(ring, envelope, context), envelope.d, context).toString("utf8");
}

/** Re-wraps the data key under the ring's current master key; the secret itself is untouched. */
export function rewrapSecret(
  ring: MasterKeyRing,
  sealed: string,
  context: string,
): { sealed: string; masterKeyVersion: number } {
  const envelope = readEnvelope(sealed);
  const dataKey = unwrapDataKey(ring, envelope, context);
  const rewrapped: Envelope = {
    ...envelope,
    v: ring.current.version,
    k: encrypt(ring.current.key, dataKey, `rekey:dek:${context}`),
  };
  return { sealed: Buffer.from(JSON.stringify(rewrapped)).toString("base64url"), masterKeyVersion: rewrapped.v };
}
