import { desc, eq, sql } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { editions, features, products, releaseArtifacts, releases } from "@/lib/db/schema";

/** Every release of every product for the admin view, newest first, with file and download counts. */
export async function listReleases(ctx: StaffCtx, { productId }: { productId?: string } = {}) {
  return ctx.db
    .select({
      id: releases.id,
      productId: releases.productId,
      productName: products.name,
      version: releases.version,
      channel: releases.channel,
      state: releases.state,
      keepsYankedDownloads: releases.keepsYankedDownloads,
      releasedAt: releases.releasedAt,
      requiredEdition: editions.name,
      requiredFeature: features.code,
      artifactCount: sql<number>`(select count(*)::int from ${releaseArtifacts} where ${releaseArtifacts.releaseId} = ${releases.id})`,
      downloadCount: sql<number>`(select coalesce(sum(${releaseArtifacts.downloadCount}), 0)::int from ${releaseArtifacts} where ${releaseArtifacts.releaseId} = ${releases.id})`,
      createdAt: releases.createdAt,
    })
    .from(releases)
    .innerJoin(products, eq(products.id, releases.productId))
    .leftJoin(editions, eq(editions.id, releases.requiredEditionId))
    .leftJoin(features, eq(features.id, releases.requiredFeatureId))
    .where(productId ? eq(releases.productId, productId) : undefined)
    .orderBy(desc(releases.createdAt))
    .limit(200);
}
