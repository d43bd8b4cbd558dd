import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { VendorCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { licenses, organizations } from "@/lib/db/schema";
import type { KeySecrets, NoticeDeps } from "@/lib/licensing";
import { StripeEventRefused } from "./stripe-errors";

/** What applying an event needs besides the database: notices go out like staff changes' do. */
export type BillingDeps = NoticeDeps & { secrets: KeySecrets };

/** What a handler did, and the Stripe ids it saw: recorded on the event's row (lib/db/schema/billing.ts `stripeEvents`). */
export interface HandledStripeEvent {
  outcome: "processed" | "ignored";
  /** Why it was ignored (SUBSCRIPTION_UNKNOWN, …); null when processed. */
  code?: string;
  orgId?: string | null;
  licenseId?: string | null;
  stripeCustomerId?: string | null;
  stripeSubscriptionId?: string | null;
  stripeChargeId?: string | null;
  periodEndsAt?: Date | null;
}

export type StripeEventHandler = (ctx: VendorCtx, object: unknown, deps: BillingDeps) => Promise<HandledStripeEvent>;

/** A signed payload whose object is not the shape we read: refused (422) and recorded, never a 500. */
export function readStripeObject<S extends z.ZodType>(shape: S, object: unknown): z.output<S> {
  const parsed = shape.safeParse(object);
  if (!parsed.success)
    throw new StripeEventRefused(
      "STRIPE_EVENT_UNREADABLE",
      `The event's object is not in the shape Rekey reads: ${parsed.error.issues[0]?.path.join(".") || "object"}.`,
    );
  return parsed.data;
}

/** The license a Stripe subscription pays for, if a checkout made one. */
export async function findSubscribedLicense(db: Executor, stripeSubscriptionId: string) {
  const [license] = await db.select().from(licenses).where(eq(licenses.stripeSubscriptionId, stripeSubscriptionId));
  return license ?? null;
}

export async function findStripeCustomerOrg(db: Executor, stripeCustomerId: string) {
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.stripeCustomerId, stripeCustomerId));
  return org ?? null;
}

/** The reason every Stripe-made change carries: the customer reads it (lib/audit reasonForCustomer), so it is plain words. */
export const stripeReason = (words: string) => ({ reason: words, reasonCategory: "billing" as const });
