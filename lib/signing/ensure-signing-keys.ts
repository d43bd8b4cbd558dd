import type { Ctx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import type { SigningAlgorithm } from "./algorithms";
import { GLOBAL_SCOPE, type SigningScope } from "./scope";
import { activateSigningKey, findSigningKeys, generateSigningKey } from "./signing-key-store";

/**
 * Makes sure a scope can sign and has its next key published ahead of use. Idempotent: run on
 * every start. Two processes starting together may both try; the database lets one key be active
 * per scope, and the loser's key simply stays pending.
 */
export async function ensureSigningKeys(ctx: Ctx, { ring, scope = GLOBAL_SCOPE, algorithm = "EdDSA" }: { ring: MasterKeyRing; scope?: SigningScope; algorithm?: SigningAlgorithm }) {
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
 * Rotates a scope: the newest pending key (published in advance) becomes active, the old active
 * key becomes retiring, and a fresh pending key is published for next time. Passing a different
 * algorithm migrates the scope (algorithm agility): a key of that algorithm is prepared first.
 */
export async function rotateSigningKey(ctx: Ctx, { ring, scope, algorithm, reason }: { ring: MasterKeyRing; scope: SigningScope; algorithm?: SigningAlgorithm; reason?: string }) {
  const pending = await findSigningKeys(ctx.db, scope, ["pending"]);
  const [active] = await findSigningKeys(ctx.db, scope, ["active"]);
  const targetAlgorithm = algorithm ?? active?.algorithm ?? "EdDSA";
  const next = pending.filter((key) => key.algorithm === targetAlgorithm).at(-1) ?? (await generateSigningKey(ctx, { scope, algorithm: targetAlgorithm, ring }));
  const result = await activateSigningKey(ctx, { kid: next.kid, reason });
  await generateSigningKey(ctx, { scope, algorithm: targetAlgorithm, ring });
  return result;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}
