import { candidateScopes, productScope, type SigningService } from "@/lib/signing";

/** The claim set's format; the SDK's verifyArtifact reads it. */
export const ARTIFACT_DIGEST_TYPE = "rekey-artifact+jwt";

export interface ArtifactFacts {
  artifactId: string;
  productId: string;
  productCode: string;
  requiredEditionId: string | null;
  version: string;
  channel: string;
  platform: string;
  arch: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The artifact's digest as a signed statement: a compact JWS (a JWT, RFC 7519) whose payload
 * names the file and carries its SHA-256 and size, signed by the signing service like license
 * files are, so any JOSE library verifies it with the JWKS alone and the customer then compares
 * the hash of the bytes. It is detached from the file (served beside it, `<file>.jws`) rather than
 * RFC 7515 Appendix F's detached payload, whose payload would be the whole file: verifiers would
 * have to stream gigabytes through the JWS check. It does not expire: a download stays checkable.
 */
export async function signArtifactDigest(
  signer: SigningService,
  facts: ArtifactFacts,
  { issuer, now }: { issuer: string; now: Date },
) {
  const scopes = facts.requiredEditionId
    ? candidateScopes(facts.productId, facts.requiredEditionId)
    : [productScope(facts.productId)];
  return signer.sign(
    {
      iss: issuer,
      sub: facts.artifactId,
      aud: facts.productCode,
      iat: Math.floor(now.getTime() / 1000),
      typ: ARTIFACT_DIGEST_TYPE,
      version: facts.version,
      channel: facts.channel,
      platform: facts.platform,
      arch: facts.arch,
      file: facts.fileName,
      size: facts.sizeBytes,
      sha256: facts.sha256,
    },
    { scopes },
  );
}
