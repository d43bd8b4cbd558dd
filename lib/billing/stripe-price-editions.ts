import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { editions, products, stripePriceEditions } from "@/lib/db/schema";
import { StripeEventRefused } from "./stripe-errors";

const editionColumns = {
  priceId: stripePriceEditions.priceId,
  editionId: editions.id,
  editionCode: editions.code,
  editionName: editions.name,
  productId: products.id,
  productCode: products.code,
  productName: products.name,
  defaultSeats: editions.defaultSeats,
  defaultTermDays: editions.defaultTermDays,
  defaultOfflineGraceDays: editions.defaultOfflineGraceDays,
};

/** The price → edition map, for Admin → Billing. */
export function listStripePriceEditions(db: Executor) {
  return db
    .select({ ...editionColumns, createdAt: stripePriceEditions.createdAt })
    .from(stripePriceEditions)
    .innerJoin(editions, eq(editions.id, stripePriceEditions.editionId))
    .innerJoin(products, eq(products.id, editions.productId))
    .orderBy(desc(stripePriceEditions.createdAt));
}

export type PricedEdition = Awaited<ReturnType<typeof findEditionForPrice>>;

/** The edition a Stripe price sells; a price nobody mapped refuses the event (422, redelivered by Stripe). */
export async function findEditionForPrice(db: Executor, priceId: string) {
  const [edition] = await db
    .select(editionColumns)
    .from(stripePriceEditions)
    .innerJoin(editions, eq(editions.id, stripePriceEditions.editionId))
    .innerJoin(products, eq(products.id, editions.productId))
    .where(eq(stripePriceEditions.priceId, priceId));
  if (!edition)
    throw new StripeEventRefused(
      "STRIPE_PRICE_UNMAPPED",
      `The Stripe price ${priceId} is not mapped to an edition: add it in Admin → Billing.`,
    );
  return edition;
}
