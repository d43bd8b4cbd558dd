import { eq, gte, sum } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { clientJwksCounts, clientJwksStatus, products } from "@/lib/db/schema";
import type { ClientJwksStatus } from "./client-jwks-telemetry";
import { zeroFilledCounts } from "./zero-filled-counts";

export interface ClientJwksSummary {
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  counts: Record<ClientJwksStatus, number>;
  /** Validations whose client reported its keys at all. */
  reporting: number;
  /** Share of reporting validations that hold a stale `kid` or accept only deprecated algorithms. */
  driftPercent: number | null;
}

/** Per product, what validating clients reported about their JWKS since `since`. */
export async function summarizeClientJwks(db: Executor, { since }: { since: Date }): Promise<ClientJwksSummary[]> {
  const rows = await db
    .select({
      productId: clientJwksCounts.productId,
      productCode: products.code,
      productName: products.name,
      status: clientJwksCounts.status,
      total: sum(clientJwksCounts.count).mapWith(Number),
    })
    .from(clientJwksCounts)
    .leftJoin(products, eq(products.id, clientJwksCounts.productId))
    .where(gte(clientJwksCounts.bucketStart, since))
    .groupBy(clientJwksCounts.productId, products.code, products.name, clientJwksCounts.status);
  const byProduct = new Map<string, ClientJwksSummary>();
  for (const row of rows) {
    const id = row.productId ?? "";
    let summary = byProduct.get(id);
    if (!summary) {
      summary = {
        productId: row.productId,
        productCode: row.productCode,
        productName: row.productName,
        counts: zeroFilledCounts(clientJwksStatus.enumValues, []),
        reporting: 0,
        driftPercent: null,
      };
      byProduct.set(id, summary);
    }
    summary.counts[row.status] += row.total;
  }
  for (const summary of byProduct.values()) {
    summary.reporting = summary.counts.current + summary.counts.stale_kid + summary.counts.deprecated_algorithm;
    summary.driftPercent =
      summary.reporting === 0
        ? null
        : Math.round(((summary.counts.stale_kid + summary.counts.deprecated_algorithm) / summary.reporting) * 1000) /
          10;
  }
  return [...byProduct.values()].sort((a, b) => (a.productName ?? "~").localeCompare(b.productName ?? "~"));
}
