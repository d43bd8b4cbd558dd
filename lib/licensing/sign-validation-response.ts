import { VALIDATION_TOKEN_AUDIENCE } from "@rekey/sdk";
import type { SigningService } from "@/lib/signing";
import { candidateScopes, GLOBAL_SCOPE } from "@/lib/signing";
import type { ValidateResponse } from "@/lib/validations/api";
import type { ValidationResult } from "./validate-license-key";

// The audience is the SDK protocol module's, so the verifier and the signer name the same one.
export const VALIDATION_AUDIENCE = VALIDATION_TOKEN_AUDIENCE;
const RESPONSE_TOKEN_SECONDS = 300;

/**
 * Wraps a validation result in a JWS so a client can trust it even through a proxy: the signed
 * payload carries the client's nonce (replay protection) and expires after five minutes.
 */
export async function signValidationResponse(
  signer: SigningService,
  result: ValidationResult,
  { nonce, now, issuer }: { nonce: string | null; now: Date; issuer: string },
): Promise<ValidateResponse> {
  const { signingScopes, subject: _subject, ...answer } = result;
  const body = { ...answer, meta: { nonce, ts: now.toISOString() } };
  const iat = Math.floor(now.getTime() / 1000);
  const { token } = await signer.sign(
    { ...body, iss: issuer, aud: VALIDATION_AUDIENCE, iat, exp: iat + RESPONSE_TOKEN_SECONDS },
    { scopes: signingScopes ? candidateScopes(signingScopes.productId, signingScopes.editionId) : [GLOBAL_SCOPE] },
  );
  return { ...body, token };
}
