/**
 * The `fph` claim that binds a license file to one device. The file carries a hash, not the raw
 * fingerprint, so a shared file does not reveal the machine it was issued to; the license id is
 * mixed in so the same device gets unrelated hashes under different licenses. The portal computes
 * it when signing and the client when checking, so both must import this one function.
 */
import { sha256Base64url } from "#runtime-crypto";

const FINGERPRINT_HASH_PREFIX = "rekey-fp:v1:";

/**
 * base64url (no padding) of SHA-256 over `"rekey-fp:v1:" + salt + ":" + fingerprint`. The salt is
 * the license id, except in offline activation requests, made before the device knows its license
 * id: there it is `offlineFingerprintSalt(product)`, and the file names it in `fph_salt`.
 */
export async function fingerprintHash(salt: string, fingerprint: string): Promise<string> {
  return sha256Base64url(new TextEncoder().encode(`${FINGERPRINT_HASH_PREFIX}${salt}:${fingerprint}`));
}
