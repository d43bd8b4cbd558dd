import type { Metadata } from "next";
import { MapStripePriceForm, StripeWebhookSecretForm } from "@/components/admin/billing-forms";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { requireAdminContext } from "@/lib/auth/session";
import {
  getStripeWebhookSecretStatus,
  listStripeEvents,
  listStripePriceEditions,
  STRIPE_EVENT_HANDLERS,
} from "@/lib/billing";
import { listEditions } from "@/lib/catalog";
import { appServices } from "@/lib/config/server";
import { mapStripePriceAction, saveStripeWebhookSecretAction, unmapStripePriceAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

const OUTCOME_TONE: Record<"processed" | "ignored" | "refused", Tone> = {
  processed: "green",
  ignored: "slate",
  refused: "red",
};

export default async function BillingPage() {
  const ctx = await requireAdminContext();
  const [secret, prices, events, editions] = await Promise.all([
    getStripeWebhookSecretStatus(ctx.db),
    listStripePriceEditions(ctx.db),
    listStripeEvents(ctx),
    listEditions(ctx.db),
  ]);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Billing"
        description="Sell through Stripe: each paid checkout creates the customer and license, payments extend it, cancellations end it at the period paid."
      />
      <div className="space-y-6">
        <Card aria-labelledby="stripe-endpoint">
          <CardHeader
            id="stripe-endpoint"
            title="Stripe endpoint"
            description="In Stripe: Developers → Webhooks → Add endpoint, with this URL and these events."
          />
          <div className="space-y-3 px-5 py-4 text-sm">
            <p>
              URL: <code className="font-mono">{appServices().publicUrl("/api/webhooks/stripe")}</code>
            </p>
            <p>
              Events:{" "}
              {Object.keys(STRIPE_EVENT_HANDLERS).map((type) => (
                <code key={type} className="mr-2 font-mono text-xs">
                  {type}
                </code>
              ))}
            </p>
            <p>
              Signing secret:{" "}
              {appServices().env.REKEY_STRIPE_WEBHOOK_SECRET ? "set by REKEY_STRIPE_WEBHOOK_SECRET" : null}
              {appServices().env.REKEY_STRIPE_WEBHOOK_SECRET && secret.savedAt ? ", and " : null}
              {secret.savedAt ? (
                <>
                  saved here <Time date={secret.savedAt} now={now} mode="relative" />
                </>
              ) : null}
              {!appServices().env.REKEY_STRIPE_WEBHOOK_SECRET && !secret.savedAt
                ? "not set: events are refused until it is"
                : null}
            </p>
          </div>
          <StripeWebhookSecretForm action={saveStripeWebhookSecretAction} />
        </Card>
        <Card aria-labelledby="stripe-prices">
          <CardHeader
            id="stripe-prices"
            title="Prices and editions"
            description="Which edition each Stripe price sells. An event naming a price not listed here is refused and shown below until you add it; Stripe then delivers it again."
          />
          {prices.length === 0 ? (
            <EmptyState title="No prices mapped yet">Add your first price below.</EmptyState>
          ) : (
            <SimpleTable caption="Stripe prices" headings={["Price", "Edition", ""]}>
              {prices.map((price) => (
                <tr key={price.priceId}>
                  <td className="px-5 py-3 font-mono text-xs">{price.priceId}</td>
                  <td className="px-5 py-3">
                    {price.productName} · {price.editionName}
                  </td>
                  <td className="px-5 py-3">
                    <ActionDialog
                      triggerLabel="Remove"
                      title={`Remove ${price.priceId}`}
                      description="Later events naming this price are refused until it is mapped again."
                      confirmLabel="Remove price"
                      successMessage="Removed."
                      variant="danger"
                      hidden={{ priceId: price.priceId }}
                      action={unmapStripePriceAction}
                    >
                      <StaffReasonFields />
                    </ActionDialog>
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
          <MapStripePriceForm
            action={mapStripePriceAction}
            editions={editions.map((edition) => ({
              id: edition.id,
              label: `${edition.productName} · ${edition.name}`,
            }))}
          />
        </Card>
        <Card aria-labelledby="stripe-events">
          <CardHeader
            id="stripe-events"
            title="Recent Stripe events"
            description="The latest 50, with what Rekey did."
          />
          {events.length === 0 ? (
            <EmptyState title="No Stripe events yet">They appear here as Stripe sends them.</EmptyState>
          ) : (
            <SimpleTable caption="Recent Stripe events" headings={["Received", "Event", "Outcome", "License"]}>
              {events.map((event) => (
                <tr key={event.eventId}>
                  <td className="px-5 py-3">
                    <Time date={event.receivedAt} now={now} mode="relative" />
                  </td>
                  <td className="px-5 py-3">
                    <div>{event.type}</div>
                    <div className="font-mono text-xs text-slate-500">{event.eventId}</div>
                  </td>
                  <td className="px-5 py-3">
                    <Badge tone={OUTCOME_TONE[event.outcome]}>{event.outcome}</Badge>
                    {event.code ? <div className="font-mono text-xs text-slate-500">{event.code}</div> : null}
                  </td>
                  <td className="px-5 py-3">
                    {event.licenseId ? (
                      <a className="underline" href={`/admin/licenses/${event.licenseId}`}>
                        Open license
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
      </div>
    </>
  );
}
