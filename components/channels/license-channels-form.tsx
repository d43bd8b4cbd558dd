"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

export interface ChannelChoice {
  id: string;
  kind: "email" | "webhook";
  target: string;
  label: string;
  isVerified: boolean;
  isChosen: boolean;
}

/**
 * Where one license's notices go (issue 16, item 10): the organization's channels, which follows
 * channels added later, or exactly the ticked ones. Owners are emailed either way.
 */
export function LicenseChannelsForm<T>({
  licenseId,
  followsOrganization,
  channels,
  action,
}: {
  licenseId: string;
  followsOrganization: boolean;
  channels: ChannelChoice[];
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const [choice, setChoice] = useState(followsOrganization ? "organization" : "chosen");
  const failure = state && !state.ok ? state : null;
  const channelErrors = failure?.fieldErrors?.channelIds;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="licenseId" value={licenseId} />
      {state?.ok ? <Alert tone="success">Saved. This license&apos;s notices go where you chose.</Alert> : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Notices about this license go to</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="choice"
            value="organization"
            checked={choice === "organization"}
            onChange={() => setChoice("organization")}
          />
          <span>Every channel of the organization (the default; includes channels added later)</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="choice"
            value="chosen"
            checked={choice === "chosen"}
            onChange={() => setChoice("chosen")}
          />
          <span>Only the channels ticked below</span>
        </label>
      </fieldset>
      <fieldset
        className="space-y-2"
        disabled={choice === "organization"}
        aria-describedby={channelErrors?.length ? "channel-ids-error" : undefined}
      >
        <legend className="text-sm font-medium text-slate-800">Channels</legend>
        {channels.map((channel) => (
          <label key={channel.id} className="flex flex-wrap items-start gap-2 text-sm">
            <input type="checkbox" name="channelIds" value={channel.id} defaultChecked={channel.isChosen} />
            <span className="break-all">
              {channel.kind === "email" ? "Email" : "Webhook"} {channel.target}
              {channel.label ? ` (${channel.label})` : ""}
              {channel.isVerified ? "" : " — not verified yet, receives nothing until it is"}
            </span>
          </label>
        ))}
        {channelErrors?.length ? (
          <p id="channel-ids-error" className="text-sm text-red-700">
            {channelErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={isPending}>
        Save
      </Button>
    </form>
  );
}
