import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { DeliveryActionButton } from "@/components/channels/delivery-action-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireOrgContext } from "@/lib/auth/session";
import { viewerOf } from "@/lib/auth/viewer";
import { NotFound } from "@/lib/errors";
import { outboxMachine } from "@/lib/notify";
import { listChannelDeliveries } from "@/lib/notify/channels";
import { availableActions } from "@/lib/state-machine";
import { channelDeliveriesQuerySchema, channelIdSchema } from "@/lib/validations/channels";
import { sendTestWebhookAction } from "../actions";
import { resendChannelDeliveryAction } from "./actions";

export const metadata: Metadata = { title: "Channel deliveries" };

const STATUS_LABELS = {
  pending: "Queued",
  sending: "Sending",
  sent: "Delivered",
  failed: "Failed, will retry",
  dead: "Gave up",
} as const;

/** A channel's deliveries (issue 16, item 10): what was sent, how the endpoint answered, how often we tried. */
export default async function ChannelDeliveriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ channelId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireOrgContext();
  const { channelId } = await params;
  if (!channelIdSchema.safeParse({ channelId }).success) notFound();
  const { before } = channelDeliveriesQuerySchema.parse(await searchParams);
  const page = await listChannelDeliveries(ctx, { channelId, before: before ? new Date(before) : undefined }).catch(
    (error: unknown) => {
      if (error instanceof NotFound) notFound();
      throw error;
    },
  );
  const { channel, deliveries, nextBefore } = page;
  const viewer = viewerOf(ctx);
  const now = ctx.now();
  const isWebhook = channel.kind === "webhook";
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/settings/notifications" className="hover:underline">
            ← Notifications
          </Link>
        }
        title={channel.label || channel.target}
        description={`Every notice sent to ${channel.target}, newest first.`}
        actions={
          isWebhook && ctx.memberRole === "owner" ? (
            <DeliveryActionButton
              action={sendTestWebhookAction}
              fields={{ channelId: channel.id }}
              label="Send test event"
              successMessage="Test event delivered; the endpoint is verified."
            />
          ) : null
        }
      />
      <Card aria-labelledby="deliveries">
        <CardHeader
          id="deliveries"
          title="Deliveries"
          description="Status, the class of the endpoint's answer, and attempts."
        />
        {deliveries.length === 0 ? (
          <EmptyState title="Nothing sent to this channel yet" />
        ) : (
          <ul aria-label="Deliveries" className="divide-y divide-slate-100">
            {deliveries.map((delivery) => (
              <li key={delivery.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3 text-sm">
                <div className="min-w-0 space-y-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    <span className="break-all">{delivery.eventType || "Email"}</span>
                    <Badge tone="slate">{STATUS_LABELS[delivery.status]}</Badge>
                  </p>
                  <p className="text-slate-600">
                    {delivery.responseClass ? `Answer: ${delivery.responseClass}` : "Not sent yet"} ·{" "}
                    {delivery.attempts === 1 ? "1 attempt" : `${delivery.attempts} attempts`} · queued{" "}
                    <Time date={delivery.createdAt} now={now} mode="relative" />
                  </p>
                </div>
                {availableActions(outboxMachine, delivery, viewer).has("resend") ? (
                  <DeliveryActionButton
                    action={resendChannelDeliveryAction}
                    fields={{ channelId: channel.id, deliveryId: delivery.id }}
                    label="Resend"
                    ariaLabel={`Resend ${delivery.eventType || "delivery"} queued ${delivery.createdAt.toISOString()}`}
                    successMessage="Queued again; it goes out on the worker's next pass."
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {before || nextBefore ? (
          <nav aria-label="Pagination" className="flex justify-between border-t border-slate-200 px-5 py-3 text-sm">
            {before ? (
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={`/settings/notifications/${channel.id}`}
              >
                Newest
              </Link>
            ) : (
              <span />
            )}
            {nextBefore ? (
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={`/settings/notifications/${channel.id}?before=${nextBefore.toISOString()}`}
              >
                Older deliveries
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
