import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export const SIGNING_ALGORITHMS = ["EdDSA", "ES256", "RS256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface GeneratedKeyPair {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

/**
 * A new key pair. `kid` is the RFC 7638 thumbprint of the public key, so anyone can recompute it
 * from the JWKS entry and it can never collide with a different key.
 */
export async function generateSigningKeyPair(algorithm: SigningAlgorithm): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === "EdDSA" ? { crv: "Ed25519" } : {}),
    ...(algorithm === "RS256" ? { modulusLength: 2048 } : {}),
  });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  // RFC 7517 §4: `use` and `alg` tell verifiers what the key is for, so a JOSE library picks it.
  return {
    kid,
    publicJwk: { ...publicJwk, kid, alg: algorithm, use: "sig" },
    privateJwk: { ...privateJwk, kid, alg: algorithm },
  };
}
