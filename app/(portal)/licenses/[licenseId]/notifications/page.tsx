import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseChannelsForm } from "@/components/channels/license-channels-form";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getLicenseChannels } from "@/lib/notify/channels";
import { loadLicense } from "../load-license";
import { chooseLicenseChannelsAction } from "./actions";

export const metadata: Metadata = { title: "License notifications" };

export default async function LicenseNotificationsPage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const { followsOrganization, channels } = await getLicenseChannels(ctx, license.id);
  const isOwner = ctx.memberRole === "owner";
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Notifications"
        description="Where notices about this license's rotations, keys and status go. Your organization's owners are always emailed."
      />
      <Card aria-labelledby="license-channels">
        <CardHeader
          id="license-channels"
          title="Channels for this license"
          description={followsOrganization ? "Following the organization's channels." : "Only the chosen channels."}
        />
        <div className="px-5 py-4">
          {channels.length === 0 ? (
            <EmptyState title="Your organization has no extra channels yet">
              <Link className="text-brand-700 underline hover:no-underline" href="/settings/notifications">
                Add an email address or a webhook
              </Link>{" "}
              first; until then notices go to the owners by email.
            </EmptyState>
          ) : isOwner ? (
            <LicenseChannelsForm
              licenseId={license.id}
              followsOrganization={followsOrganization}
              channels={channels.map((channel) => ({
                id: channel.id,
                kind: channel.kind,
                target: channel.target,
                label: channel.label,
                isVerified: channel.verifiedAt !== null,
                isChosen: channel.isChosen,
              }))}
              action={chooseLicenseChannelsAction}
            />
          ) : (
            <>
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {channels
                  .filter((channel) => channel.isChosen)
                  .map((channel) => (
                    <li key={channel.id} className="break-all">
                      {channel.target}
                    </li>
                  ))}
              </ul>
              <p className="mt-3 text-sm text-slate-600">
                Only owners can change where this license&apos;s notices go.
              </p>
            </>
          )}
        </div>
      </Card>
    </>
  );
}
