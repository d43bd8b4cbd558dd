import { and, desc, eq } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { releases } from "@/lib/db/schema";
import type { ReleaseListQuery } from "@/lib/validations/releases";
import { afterCursor, decodeCursor, pageOf } from "./cursor";

/** Releases, of one product and channel when asked, newest first. */
export async function listReleasesPage(ctx: StaffCtx, query: ReleaseListQuery) {
  const rows = await ctx.db
    .select()
    .from(releases)
    .where(
      and(
        query.product ? eq(releases.productId, query.product) : undefined,
        query.channel ? eq(releases.channel, query.channel) : undefined,
        afterCursor(releases.createdAt, releases.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(releases.createdAt), desc(releases.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
