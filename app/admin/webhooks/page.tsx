import type { Metadata } from "next";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import {
  CreateVendorEndpointForm,
  EventTypeFields,
  RollVendorSecretForm,
} from "@/components/admin/vendor-webhook-forms";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { requireAdminContext } from "@/lib/auth/session";
import { listVendorEndpoints, RECENT_DELIVERIES, type VendorEndpointListing } from "@/lib/notify/vendor-webhooks";
import {
  createVendorEndpointAction,
  deleteVendorEndpointAction,
  resendVendorDeliveryAction,
  rollVendorEndpointSecretAction,
  sendTestVendorWebhookAction,
  setVendorEndpointEnabledAction,
  updateVendorEndpointEventsAction,
} from "./actions";

export const metadata: Metadata = { title: "Vendor webhooks" };

const DELIVERY_TONE: Record<VendorEndpointListing["deliveries"][number]["status"], Tone> = {
  pending: "blue",
  sending: "blue",
  sent: "green",
  failed: "amber",
  dead: "red",
};

function EndpointActions({ endpoint }: { endpoint: VendorEndpointListing }) {
  const hidden = { endpointId: endpoint.id };
  return (
    <div className="flex flex-wrap gap-2">
      <ActionDialog
        triggerLabel="Send test"
        title={`Send a test event to ${endpoint.url}`}
        description="A signed webhook.test event, sent now."
        confirmLabel="Send test event"
        successMessage="Delivered: the endpoint answered 2xx."
        hidden={hidden}
        action={sendTestVendorWebhookAction}
      >
        {null}
      </ActionDialog>
      <ActionDialog
        triggerLabel="Edit events"
        title={`Events for ${endpoint.url}`}
        description="Events already queued are still delivered."
        confirmLabel="Save events"
        successMessage="Events saved."
        hidden={hidden}
        action={updateVendorEndpointEventsAction}
      >
        <EventTypeFields selected={endpoint.eventTypes} />
        <StaffReasonFields />
      </ActionDialog>
      <ActionDialog
        triggerLabel={endpoint.isEnabled ? "Disable" : "Enable"}
        title={`${endpoint.isEnabled ? "Disable" : "Enable"} ${endpoint.url}`}
        description={
          endpoint.isEnabled
            ? "No new events are queued for it; queued ones wait and are retried once it is enabled again."
            : "New events are queued for it again, and waiting ones go out."
        }
        confirmLabel={endpoint.isEnabled ? "Disable endpoint" : "Enable endpoint"}
        successMessage={endpoint.isEnabled ? "Disabled." : "Enabled."}
        hidden={{ ...hidden, isEnabled: String(!endpoint.isEnabled) }}
        action={setVendorEndpointEnabledAction}
      >
        <StaffReasonFields />
      </ActionDialog>
      <ActionDialog
        triggerLabel="Delete"
        title={`Delete ${endpoint.url}`}
        description="It gets no more events, and its queued and past deliveries are deleted with it. This cannot be undone."
        confirmLabel="Delete endpoint"
        successMessage="Deleted."
        variant="danger"
        hidden={hidden}
        action={deleteVendorEndpointAction}
      >
        <StaffReasonFields />
      </ActionDialog>
    </div>
  );
}

function Deliveries({ endpoint, now }: { endpoint: VendorEndpointListing; now: Date }) {
  if (endpoint.deliveries.length === 0) return <p className="px-5 py-3 text-sm text-slate-500">No deliveries yet.</p>;
  return (
    <SimpleTable
      caption={`Recent deliveries to ${endpoint.url}`}
      headings={["Event", "Status", "Answer", "Attempts", "Next retry", ""]}
    >
      {endpoint.deliveries.map((delivery) => (
        <tr key={delivery.id}>
          <td className="px-5 py-2">
            <code className="text-xs">{delivery.type}</code>
            <div className="text-xs text-slate-500">
              <Time date={delivery.createdAt} now={now} mode="relative" />
            </div>
          </td>
          <td className="px-5 py-2">
            <Badge tone={DELIVERY_TONE[delivery.status]}>{delivery.status}</Badge>
          </td>
          <td className="px-5 py-2">{delivery.sentAt ? "2xx" : (delivery.lastError ?? "—")}</td>
          <td className="px-5 py-2">{delivery.attempts}</td>
          <td className="px-5 py-2">
            {delivery.nextRetryAt ? <Time date={delivery.nextRetryAt} now={now} mode="relative" /> : "—"}
          </td>
          <td className="px-5 py-2">
            {delivery.isResendable ? (
              <ActionDialog
                triggerLabel="Resend"
                title={`Resend ${delivery.type}`}
                description="Queued again with a fresh set of attempts and the same webhook-id, so a receiver that has it already can drop the repeat."
                confirmLabel="Resend"
                successMessage="Queued."
                hidden={{ outboxId: delivery.id }}
                action={resendVendorDeliveryAction}
              >
                <StaffReasonFields />
              </ActionDialog>
            ) : null}
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}

export default async function VendorWebhooksPage() {
  const ctx = await requireAdminContext();
  const endpoints = await listVendorEndpoints(ctx);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Vendor webhooks"
        description="Your own systems (CRM, billing) hear about license, rotation and device events, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Docs: README, “Vendor webhooks”."
      />
      <div className="space-y-6">
        {endpoints.length === 0 ? (
          <Card>
            <EmptyState title="No endpoints yet">Add one below; its signing secret is shown once.</EmptyState>
          </Card>
        ) : (
          endpoints.map((endpoint) => (
            <Card key={endpoint.id} aria-labelledby={`endpoint-${endpoint.id}`}>
              <CardHeader
                id={`endpoint-${endpoint.id}`}
                title={endpoint.url}
                description={endpoint.description || undefined}
              />
              <div className="space-y-3 px-5 py-3 text-sm">
                <p>
                  <Badge tone={endpoint.isEnabled ? "green" : "slate"}>
                    {endpoint.isEnabled ? "enabled" : "disabled"}
                  </Badge>{" "}
                  {endpoint.secretOverlapEndsAt ? (
                    <span className="text-slate-600">
                      Signed with the old secret too until{" "}
                      <Time date={endpoint.secretOverlapEndsAt} now={now} mode="relative" />.
                    </span>
                  ) : null}
                </p>
                <p className="text-slate-600">
                  Events:{" "}
                  {endpoint.eventTypes.map((type) => (
                    <code key={type} className="mr-2 text-xs">
                      {type}
                    </code>
                  ))}
                </p>
                <p className="text-xs text-slate-500">
                  Added <Time date={endpoint.createdAt} now={now} /> by{" "}
                  {endpoint.createdByEmail ?? "a former staff member"}
                </p>
                <EndpointActions endpoint={endpoint} />
              </div>
              <h3 className="px-5 pt-2 text-sm font-semibold text-slate-800">Latest {RECENT_DELIVERIES} deliveries</h3>
              <Deliveries endpoint={endpoint} now={now} />
            </Card>
          ))
        )}
        <Card aria-labelledby="new-endpoint">
          <CardHeader id="new-endpoint" title="New endpoint" />
          <CreateVendorEndpointForm action={createVendorEndpointAction} />
        </Card>
        {endpoints.length > 0 ? (
          <Card aria-labelledby="roll-secret">
            <CardHeader
              id="roll-secret"
              title="Roll a signing secret"
              description="A new secret, shown once; the old one keeps signing beside it for the overlap you choose, so you can deploy the new one first."
            />
            <RollVendorSecretForm
              action={rollVendorEndpointSecretAction}
              endpoints={endpoints.map(({ id, url }) => ({ id, url }))}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
