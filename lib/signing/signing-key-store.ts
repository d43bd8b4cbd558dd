import { and, asc, eq, inArray } from "drizzle-orm";
import type { JWK } from "jose";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { announceChange, CHANGE_CHANNELS } from "@/lib/db/change-notices";
import { signingKeys } from "@/lib/db/schema";
import { sealSecret, type MasterKeyRing } from "@/lib/crypto";
import { NotFound } from "@/lib/errors";
import { generateSigningKeyPair, type SigningAlgorithm } from "./algorithms";
import type { ScopedPublicJwk } from "./jwks-publication";
import { parseScope, type SigningScope } from "./scope";
import { transitionSigningKey } from "./signing-key-transitions";

export const PUBLISHED_STATES = ["pending", "active", "retiring"] as const;

export const privateKeyContext = (kid: string) => `signing-key:${kid}`;

export async function findSigningKeys(
  db: Executor,
  scope: SigningScope,
  states: readonly (typeof signingKeys.state.enumValues)[number][],
) {
  return db
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.scope, scope), inArray(signingKeys.state, [...states])))
    .orderBy(asc(signingKeys.createdAt));
}

/** Creates the next key for a scope as `pending`: published in the JWKS, not yet signing. */
export async function generateSigningKey(
  ctx: Ctx,
  {
    scope,
    algorithm,
    ring,
    reason,
    reasonCategory,
  }: {
    scope: SigningScope;
    algorithm: SigningAlgorithm;
    ring: MasterKeyRing;
    reason?: string;
    reasonCategory?: string;
  },
) {
  const pair = await generateSigningKeyPair(algorithm);
  const { sealed, masterKeyVersion } = sealSecret(ring, JSON.stringify(pair.privateJwk), privateKeyContext(pair.kid));
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(signingKeys)
      .values({
        kid: pair.kid,
        algorithm,
        scope,
        ...parseScope(scope),
        state: "pending",
        publicJwk: pair.publicJwk,
        privateCiphertext: sealed,
        masterKeyVersion,
        createdAt: now,
      })
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "signing_key.generated",
      subjectType: "signing_key",
      subjectId: pair.kid,
      reason,
      data: { scope, algorithm, ...(reasonCategory ? { reasonCategory } : {}) },
    });
    await announceChange(tx, CHANGE_CHANNELS.signingKeys, pair.kid);
    return row!;
  });
}

/**
 * Puts a pending key to work. The key that was active moves to `retiring`: it no longer signs but
 * stays in the JWKS, so everything it signed keeps verifying.
 */
export async function activateSigningKey(
  ctx: Ctx,
  { kid, reason, reasonCategory }: { kid: string; reason?: string; reasonCategory?: string },
) {
  const data = reasonCategory ? { reasonCategory } : {};
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select().from(signingKeys).where(eq(signingKeys.kid, kid)).for("update");
    if (!key) throw new NotFound("No such signing key.", `unknown signing key ${kid}`);
    const [current] = await tx
      .select()
      .from(signingKeys)
      .where(and(eq(signingKeys.scope, key.scope), eq(signingKeys.state, "active")))
      .for("update");
    if (current)
      await transitionSigningKey(tx, ctx, current, "retiring", reason ?? `superseded by ${kid}`, {
        ...data,
        supersededBy: kid,
      });
    await transitionSigningKey(tx, ctx, key, "active", reason, data);
    return { activated: kid, retiring: current?.kid ?? null };
  });
}

export async function retireSigningKey(
  ctx: Ctx,
  { kid, reason, reasonCategory }: { kid: string; reason?: string; reasonCategory?: string },
) {
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select().from(signingKeys).where(eq(signingKeys.kid, kid)).for("update");
    if (!key) throw new NotFound("No such signing key.", `unknown signing key ${kid}`);
    await transitionSigningKey(tx, ctx, key, "retired", reason, reasonCategory ? { reasonCategory } : {});
  });
}

export type PublicJwk = ScopedPublicJwk<JWK & { kid: string; alg: SigningAlgorithm; use: "sig" }>;
