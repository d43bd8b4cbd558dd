import { createHash } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import { GENESIS_HASH } from "./append-audit-event";

/**
 * One organisation's own chain, which its customers can recompute from an export without seeing
 * any other organisation's events: `eventHash = sha256(canonical(event))`,
 * `head = sha256(previous head || eventHash)` over the org's events in id order, from 64 zeros.
 * scripts/verify-audit-export.mjs computes the same with node:crypto alone.
 */
export function auditEventDigest(canonicalEvent: string): string {
  return createHash("sha256").update(canonicalEvent).digest("hex");
}

export function orgChainLink(previousHead: string, eventHash: string): string {
  return createHash("sha256").update(previousHead).update(eventHash).digest("hex");
}

export const ORG_CHAIN_GENESIS = GENESIS_HASH;

/**
 * What a checkpoint signs. `org` null: the whole chain through event `through`, whose public hash
 * is `head`. Otherwise that organisation's chain: `count` events, the last being event `through`.
 */
export interface AuditCheckpointClaims {
  purpose: "rekey.audit-checkpoint";
  org: string | null;
  through: number;
  count: number;
  head: string;
}

/** The signing service as a checkpoint needs it (lib/signing sits above lib/audit: it writes audit events). */
export interface CheckpointSigner {
  sign(claims: Record<string, unknown>, options: { scopes: string[] }): Promise<{ token: string }>;
}

export async function signAuditCheckpoint(
  signer: CheckpointSigner,
  issuer: string,
  at: Date,
  checkpoint: Omit<AuditCheckpointClaims, "purpose">,
): Promise<string> {
  const claims: AuditCheckpointClaims & { iss: string; iat: number } = {
    purpose: "rekey.audit-checkpoint",
    ...checkpoint,
    iss: issuer,
    iat: Math.floor(at.getTime() / 1000),
  };
  // The global key signs checkpoints: they speak for the whole deployment, not one product.
  const { token } = await signer.sign({ ...claims }, { scopes: [] });
  return token;
}

export type CheckpointCheck =
  | { status: "valid"; claims: AuditCheckpointClaims }
  | { status: "untrusted-key" }
  | { status: "invalid"; problem: string };

/** Verifies a checkpoint token (RFC 7515) against the given public keys. */
export async function readAuditCheckpoint(token: string, publicKeys: JWK[]): Promise<CheckpointCheck> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: publicKeys }));
    if (payload.purpose !== "rekey.audit-checkpoint") return { status: "invalid", problem: "not an audit checkpoint" };
    return { status: "valid", claims: payload as unknown as AuditCheckpointClaims };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_JWKS_NO_MATCHING_KEY") return { status: "untrusted-key" };
    return { status: "invalid", problem: "signature does not verify" };
  }
}
