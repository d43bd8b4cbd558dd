import type { Ctx } from "@/lib/context";
import { PolicyViolation } from "@/lib/errors";
import { JWKS_MAX_AGE_SECONDS } from "./jwks-publication";
import type { MasterKeyRing } from "@/lib/crypto";
import type { SigningAlgorithm } from "./algorithms";
import { GLOBAL_SCOPE, type SigningScope } from "./scope";
import { activateSigningKey, findSigningKeys, generateSigningKey } from "./signing-key-store";

/**
 * Makes sure a scope can sign and has its next key published ahead of use. Idempotent: run on
 * every start. Two processes starting together may both try; the database lets one key be active
 * per scope, and the loser's key simply stays pending.
 */
export async function ensureSigningKeys(
  ctx: Ctx,
  {
    ring,
    scope = GLOBAL_SCOPE,
    algorithm = "EdDSA",
  }: { ring: MasterKeyRing; scope?: SigningScope; algorithm?: SigningAlgorithm },
) {
  const [active] = await findSigningKeys(ctx.db, scope, ["active"]);
  if (!active) {
    const first = await generateSigningKey(ctx, { scope, algorithm, ring });
    await activateSigningKey(ctx, { kid: first.kid, reason: "initial signing key" }).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
    });
  }
  const pending = await findSigningKeys(ctx.db, scope, ["pending"]);
  if (pending.length === 0) await generateSigningKey(ctx, { scope, algorithm: active?.algorithm ?? algorithm, ring });
}

/**
 * How long a pending key must have been published before it may sign: a client that cached the
 * JWKS (max-age + stale-while-revalidate) and our own 30 s key cache must all have seen it.
 */
export const MIN_PUBLISHED_SECONDS = JWKS_MAX_AGE_SECONDS + 60 + 30;

/**
 * Rotates a scope: the newest pending key of the wanted algorithm (published in advance) becomes
 * active, the old active key becomes retiring, and a fresh pending key is published for next
 * time. Migrating a scope to another algorithm is two steps: `generateSigningKey` with it (it
 * publishes), then this, once the key has been public for MIN_PUBLISHED_SECONDS. Only an
 * emergency (`force`) may use a key clients could not have seen yet.
 */
export async function rotateSigningKey(
  ctx: Ctx,
  {
    ring,
    scope,
    algorithm,
    reason,
    force = false,
  }: { ring: MasterKeyRing; scope: SigningScope; algorithm?: SigningAlgorithm; reason?: string; force?: boolean },
) {
  const pending = await findSigningKeys(ctx.db, scope, ["pending"]);
  const [active] = await findSigningKeys(ctx.db, scope, ["active"]);
  const targetAlgorithm = algorithm ?? active?.algorithm ?? "EdDSA";
  const next = pending.filter((key) => key.algorithm === targetAlgorithm).at(-1);
  if (!next)
    throw new PolicyViolation(
      `No published ${targetAlgorithm} key for this scope yet: generate one, then rotate once it has been public for ${MIN_PUBLISHED_SECONDS} seconds.`,
    );
  if (!force) assertPublishedLongEnough(next, ctx.now());
  const result = await activateSigningKey(ctx, { kid: next.kid, reason });
  await generateSigningKey(ctx, { scope, algorithm: targetAlgorithm, ring });
  return result;
}

/** When a pending key may start signing: once every cache that holds the JWKS has seen it. */
export function publishedLongEnoughAt(key: { createdAt: Date }): Date {
  return new Date(key.createdAt.getTime() + MIN_PUBLISHED_SECONDS * 1000);
}

export function assertPublishedLongEnough(key: { createdAt: Date }, now: Date): void {
  const publishedSeconds = (now.getTime() - key.createdAt.getTime()) / 1000;
  if (publishedSeconds < MIN_PUBLISHED_SECONDS) {
    throw new PolicyViolation(
      `The next key has been public for ${Math.floor(publishedSeconds)} s; clients may not have it until ${MIN_PUBLISHED_SECONDS} s. Rotate later, or force it in an emergency.`,
    );
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}
