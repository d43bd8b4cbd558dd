/**
 * What an admin does to signing keys by hand. Each is the matching store operation plus the
 * admin check and the staff reason; the store and the state machine do the rest.
 */
import { and, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, products, signingKeys } from "@/lib/db/schema";
import type { MasterKeyRing } from "@/lib/crypto";
import { Conflict, NotFound } from "@/lib/errors";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffReason } from "@/lib/validations/staff";
import { viewerOf } from "@/lib/auth/viewer";
import {
  activateSigningKey,
  assertPublishedLongEnough,
  findSigningKeys,
  generateSigningKey,
  parseScope,
  retireSigningKey,
  signingKeyMachine,
  type SigningAlgorithm,
  type SigningScope,
} from "@/lib/signing";
import { assertAction } from "@/lib/state-machine";

/**
 * Publishes the scope's next key as `pending`. Choosing another algorithm than the active key's is
 * how a scope migrates (algorithm agility): the new key is published first, activated later, and
 * the old one keeps verifying while it retires.
 */
export async function generateNextSigningKey(
  ctx: StaffCtx,
  { scope, algorithm, reason, reasonCategory }: { scope: SigningScope; algorithm: SigningAlgorithm } & StaffReason,
  { ring }: { ring: MasterKeyRing },
) {
  assertAdmin(ctx);
  await assertScopeExists(ctx, scope);
  const pending = await findSigningKeys(ctx.db, scope, ["pending"]);
  if (pending.some((key) => key.algorithm === algorithm))
    throw new Conflict(`A pending ${algorithm} key is already published for this scope; activate or revoke it first.`);
  return generateSigningKey(ctx, { scope, algorithm, ring, reason, reasonCategory });
}

/** Puts a pending key to work once clients have had time to fetch it; the active key retires. */
export async function activateNextSigningKey(
  ctx: StaffCtx,
  { kid, reason, reasonCategory }: { kid: string } & StaffReason,
) {
  assertAdmin(ctx);
  const [key] = await ctx.db.select().from(signingKeys).where(eq(signingKeys.kid, kid));
  if (!key) throw new NotFound("No such signing key.");
  assertAction(signingKeyMachine, "activate", key, viewerOf(ctx));
  assertPublishedLongEnough(key, ctx.now());
  return activateSigningKey(ctx, { kid, reason, reasonCategory });
}

/** Takes a retiring key out of the JWKS once nothing it signed needs verifying any more. */
export async function retireSigningKeyByStaff(
  ctx: StaffCtx,
  { kid, reason, reasonCategory }: { kid: string } & StaffReason,
) {
  assertAdmin(ctx);
  return retireSigningKey(ctx, { kid, reason, reasonCategory });
}

export async function assertScopeExists(ctx: StaffCtx, scope: SigningScope) {
  const { productId, editionId } = parseScope(scope);
  if (!productId) return;
  const found = editionId
    ? await ctx.db
        .select({ id: editions.id })
        .from(editions)
        .where(and(eq(editions.id, editionId), eq(editions.productId, productId)))
    : await ctx.db.select({ id: products.id }).from(products).where(eq(products.id, productId));
  if (found.length === 0) throw new NotFound("No such product or edition for this scope.");
}
