import { asc, desc, eq } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { editions, products, signingKeys } from "@/lib/db/schema";
import type { SigningAlgorithm } from "./algorithms";
import { publishedLongEnoughAt } from "./ensure-signing-keys";
import { editionScope, GLOBAL_SCOPE, productScope, type SigningScope } from "./scope";
import {
  plannedSigningKeyRetirementAt,
  plannedSigningKeyRotationAt,
  type SigningKeySchedulePolicy,
} from "./signing-key-schedule";
import { isPublishedAhead, isSigning, isVerifyOnly } from "./signing-key-transitions";

export interface SigningKeyView {
  kid: string;
  algorithm: SigningAlgorithm;
  state: (typeof signingKeys.state.enumValues)[number];
  createdAt: Date;
  activatedAt: Date | null;
  retiringAt: Date | null;
  retiredAt: Date | null;
  revokedAt: Date | null;
  /** For a pending key: when it has been public long enough to activate. */
  activatableAt: Date | null;
  /** For the active key: when the worker hands over to the successor, unless held. */
  rotatesAt: Date | null;
  /** For a retiring key: when the worker takes it out of the JWKS. */
  retiresAt: Date | null;
  /** On the active key: an admin held the scope's schedule, and why. */
  rotationHold: { heldAt: Date; reason: string } | null;
}

export interface SigningScopeView {
  scope: SigningScope;
  label: string;
  keys: SigningKeyView[];
  activeAlgorithm: SigningAlgorithm | null;
}

/**
 * Every scope an admin can manage (global, each product, each edition) with its keys, newest
 * first. A scope without keys signs with the next broader one.
 */
export async function listSigningKeyScopes(ctx: Ctx, schedule: SigningKeySchedulePolicy): Promise<SigningScopeView[]> {
  const [keyRows, catalogue] = await Promise.all([
    ctx.db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt)),
    ctx.db
      .select({
        productId: products.id,
        productName: products.name,
        editionId: editions.id,
        editionName: editions.name,
      })
      .from(products)
      .leftJoin(editions, eq(editions.productId, products.id))
      .orderBy(asc(products.name), asc(editions.name)),
  ]);
  const scopes: { scope: SigningScope; label: string }[] = [
    { scope: GLOBAL_SCOPE, label: "Global (everything without its own key)" },
  ];
  const seenProducts = new Set<string>();
  for (const row of catalogue) {
    if (!seenProducts.has(row.productId)) {
      seenProducts.add(row.productId);
      scopes.push({ scope: productScope(row.productId), label: row.productName });
    }
    if (row.editionId)
      scopes.push({
        scope: editionScope(row.productId, row.editionId),
        label: `${row.productName} · ${row.editionName}`,
      });
  }
  return scopes.map(({ scope, label }) => {
    const keys = keyRows
      .filter((key) => key.scope === scope)
      .map((key) => ({
        kid: key.kid,
        algorithm: key.algorithm,
        state: key.state,
        createdAt: key.createdAt,
        activatedAt: key.activatedAt,
        retiringAt: key.retiringAt,
        retiredAt: key.retiredAt,
        revokedAt: key.revokedAt,
        activatableAt: isPublishedAhead(key) ? publishedLongEnoughAt(key) : null,
        rotatesAt: isSigning(key) ? plannedSigningKeyRotationAt(key, schedule) : null,
        retiresAt: isVerifyOnly(key) ? plannedSigningKeyRetirementAt(key, schedule) : null,
        rotationHold:
          isSigning(key) && key.rotationHeldAt
            ? { heldAt: key.rotationHeldAt, reason: key.rotationHoldReason ?? "" }
            : null,
      }));
    return { scope, label, keys, activeAlgorithm: keys.find(isSigning)?.algorithm ?? null };
  });
}
