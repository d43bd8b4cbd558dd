import { asc, desc, eq, sql } from "drizzle-orm";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { outbox, users, vendorWebhookEndpoints } from "@/lib/db/schema";
import { awaitsRetry } from "../outbox-transitions";
import { isResendable } from "./resend-vendor-delivery";

/** How many of an endpoint's latest deliveries the admin page shows. */
export const RECENT_DELIVERIES = 20;

/**
 * The vendor's endpoints with their latest deliveries (status, the status class or "could not
 * deliver", attempts, next retry). Never a secret: those were shown once, at creation or roll.
 */
export async function listVendorEndpoints(ctx: StaffCtx) {
  assertAdmin(ctx);
  const endpoints = await ctx.db
    .select({
      id: vendorWebhookEndpoints.id,
      url: vendorWebhookEndpoints.url,
      description: vendorWebhookEndpoints.description,
      eventTypes: vendorWebhookEndpoints.eventTypes,
      disabledAt: vendorWebhookEndpoints.disabledAt,
      previousSecretExpiresAt: vendorWebhookEndpoints.previousSecretExpiresAt,
      createdAt: vendorWebhookEndpoints.createdAt,
      createdByEmail: users.email,
    })
    .from(vendorWebhookEndpoints)
    .leftJoin(users, eq(users.id, vendorWebhookEndpoints.createdBy))
    .orderBy(asc(vendorWebhookEndpoints.createdAt));
  const now = ctx.now();
  return Promise.all(
    endpoints.map(async ({ previousSecretExpiresAt, ...endpoint }) => ({
      ...endpoint,
      isEnabled: endpoint.disabledAt === null,
      secretOverlapEndsAt: previousSecretExpiresAt && previousSecretExpiresAt > now ? previousSecretExpiresAt : null,
      deliveries: (await findRecentDeliveries(ctx, endpoint.id)).map((delivery) => ({
        ...delivery,
        isResendable: isResendable(delivery),
        nextRetryAt: awaitsRetry(delivery) ? delivery.nextAttemptAt : null,
      })),
    })),
  );
}
export type VendorEndpointListing = Awaited<ReturnType<typeof listVendorEndpoints>>[number];

function findRecentDeliveries(ctx: StaffCtx, endpointId: string) {
  return ctx.db
    .select({
      id: outbox.id,
      type: sql<string>`${outbox.payload}->>'type'`,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      sentAt: outbox.sentAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(eq(outbox.vendorEndpointId, endpointId))
    .orderBy(desc(outbox.createdAt))
    .limit(RECENT_DELIVERIES);
}
