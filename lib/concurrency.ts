/**
 * Runs `work` over the items with at most `limit` in flight: work that mostly waits (on the
 * database, on an email provider) keeps the pool busy without flooding it.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

/**
 * `Promise.all` over an object's values, answering the same keys: a page's parallel loads are each
 * named once, as the key of their result, instead of once in a list and again in a destructuring
 * that must keep the list's order.
 */
export async function resolveAll<T extends Record<string, unknown>>(
  loads: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(loads);
  const values = await Promise.all(Object.values(loads));
  return Object.fromEntries(keys.map((key, index) => [key, values[index]])) as { [K in keyof T]: Awaited<T[K]> };
}
