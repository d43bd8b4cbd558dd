import { desc, isNull } from "drizzle-orm";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import type { PageQuery } from "@/lib/validations/management";
import { afterCursor, decodeCursor, pageOf } from "./cursor";

/** The vendor's webhook endpoints, newest first; never their secrets (shown once, at creation or roll). */
export async function listVendorEndpointsPage(ctx: StaffCtx, query: PageQuery) {
  assertAdmin(ctx);
  const rows = await ctx.db
    .select({
      id: vendorWebhookEndpoints.id,
      url: vendorWebhookEndpoints.url,
      description: vendorWebhookEndpoints.description,
      eventTypes: vendorWebhookEndpoints.eventTypes,
      isEnabled: isNull(vendorWebhookEndpoints.disabledAt),
      createdAt: vendorWebhookEndpoints.createdAt,
    })
    .from(vendorWebhookEndpoints)
    .where(afterCursor(vendorWebhookEndpoints.createdAt, vendorWebhookEndpoints.id, decodeCursor(query.cursor)))
    .orderBy(desc(vendorWebhookEndpoints.createdAt), desc(vendorWebhookEndpoints.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
