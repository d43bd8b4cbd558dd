/**
 * Which licenses a signing key may speak for. A vendor can give a product or one edition its own
 * key (so a leak of one edition's key cannot mint files for another); the portal publishes that
 * scope on the key as an extra JWK member, which RFC 7517 §4 lets other libraries ignore:
 *
 *   { "kty": "OKP", …, "kid": "…", "rekey_scope": { "product": "studio", "edition": "pro" } }
 *
 * A key without the member is the portal's global key and may sign for any product. A key whose
 * member cannot be read signs for nothing: refusing is the safe reading of a scope we do not understand.
 */
import type { JWK } from "jose";
import { isRecord } from "./is-record.ts";

export const SIGNING_KEY_SCOPE_MEMBER = "rekey_scope";

/** What a token speaks for: a license's product and edition codes, or nothing (an answer about an unknown key). */
export type SignedSubject = { product: string; edition: string } | null;

export function isKeyScopedFor(jwk: JWK, subject: SignedSubject): boolean {
  if (!(SIGNING_KEY_SCOPE_MEMBER in jwk)) return true;
  const scope = jwk[SIGNING_KEY_SCOPE_MEMBER];
  if (!isRecord(scope) || typeof scope.product !== "string") return false;
  if (scope.edition !== undefined && typeof scope.edition !== "string") return false;
  if (subject === null) return false;
  return scope.product === subject.product && (scope.edition === undefined || scope.edition === subject.edition);
}
