import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { AddEmailChannelForm, AddWebhookChannelForm } from "@/components/channels/add-channel-forms";
import { ChannelActions } from "@/components/channels/channel-actions";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireOrgContext } from "@/lib/auth/session";
import { listChannels } from "@/lib/notify/channels";
import { addEmailChannelAction, addWebhookChannelAction, removeChannelAction, sendTestWebhookAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const ctx = await requireOrgContext();
  const channels = await listChannels(ctx);
  const isOwner = ctx.memberRole === "owner";
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Where rotation notices go. Owners always get email; add shared inboxes and webhooks here."
      />
      <div className="space-y-6">
        <Card aria-labelledby="channels">
          <CardHeader id="channels" title="Channels" description="A channel receives nothing until it is verified." />
          {channels.length === 0 ? (
            <EmptyState title="No extra channels yet">
              Notices go to your organization&apos;s owners by email.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {channels.map((channel) => (
                <li key={channel.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                      <Badge tone="slate">{channel.kind === "email" ? "Email" : "Webhook"}</Badge>
                      <span className="break-all">{channel.target}</span>
                      {channel.label ? <span className="text-slate-500">({channel.label})</span> : null}
                      <Link
                        className="text-brand-700 underline hover:no-underline"
                        href={`/settings/notifications/${channel.id}`}
                        aria-label={`Deliveries to ${channel.target}`}
                      >
                        Deliveries
                      </Link>
                    </p>
                    <p className="mt-1 text-xs text-slate-500">
                      {channel.verifiedAt ? (
                        <Badge tone="green">Verified</Badge>
                      ) : (
                        <Badge tone="amber">
                          {channel.kind === "email"
                            ? "Waiting for the verification link"
                            : "Send a test event to verify"}
                        </Badge>
                      )}{" "}
                      {channel.lastDelivery ? (
                        <>
                          Last delivery {channel.lastDelivery.status}{" "}
                          <Time date={channel.lastDelivery.at} now={now} mode="relative" />
                          {channel.lastDelivery.lastError ? ` — ${channel.lastDelivery.lastError}` : ""}
                        </>
                      ) : null}
                    </p>
                  </div>
                  {isOwner ? (
                    <ChannelActions
                      channelId={channel.id}
                      target={channel.target}
                      isWebhook={channel.kind === "webhook"}
                      testAction={sendTestWebhookAction}
                      removeAction={removeChannelAction}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {isOwner ? (
          <>
            <Card aria-labelledby="add-email">
              <CardHeader
                id="add-email"
                title="Add an email address"
                description="We send a verification link first."
              />
              <div className="px-5 py-4">
                <AddEmailChannelForm action={addEmailChannelAction} />
              </div>
            </Card>
            <Card aria-labelledby="add-webhook">
              <CardHeader
                id="add-webhook"
                title="Add a webhook"
                description="Signed per the Standard Webhooks spec. Events: rotation.upcoming, rotation.issued, rotation.completed, key.revoked, license.status_changed, license.expiring, release.published."
              />
              <div className="px-5 py-4">
                <AddWebhookChannelForm action={addWebhookChannelAction} />
              </div>
            </Card>
          </>
        ) : (
          <p className="text-sm text-slate-600">Only owners can add or remove channels.</p>
        )}
      </div>
    </>
  );
}
