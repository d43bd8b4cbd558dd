/**
 * Which signing key signs what. A scope is global, a product, or a product edition, so a vendor
 * can isolate an edition (its own key, its own algorithm) without touching the rest.
 */
export type SigningScope = string;

export const GLOBAL_SCOPE: SigningScope = "global";

export function productScope(productId: string): SigningScope {
  return `product:${productId}`;
}

export function editionScope(productId: string, editionId: string): SigningScope {
  return `product:${productId}/edition:${editionId}`;
}

/** Most specific first: an edition key wins over a product key, which wins over the global key. */
export function candidateScopes(productId: string, editionId: string): SigningScope[] {
  return [editionScope(productId, editionId), productScope(productId), GLOBAL_SCOPE];
}

export function parseScope(scope: SigningScope): { productId: string | null; editionId: string | null } {
  const match = /^product:([0-9a-f-]{36})(?:\/edition:([0-9a-f-]{36}))?$/.exec(scope);
  if (scope === GLOBAL_SCOPE || !match) return { productId: null, editionId: null };
  return { productId: match[1]!, editionId: match[2] ?? null };
}
