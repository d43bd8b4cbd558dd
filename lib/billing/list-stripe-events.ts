import { desc } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { stripeEvents } from "@/lib/db/schema";

/** The latest Stripe events and what became of them, for Admin → Billing. */
export function listStripeEvents(ctx: StaffCtx, { limit = 50 }: { limit?: number } = {}) {
  return ctx.db.select().from(stripeEvents).orderBy(desc(stripeEvents.receivedAt)).limit(limit);
}
