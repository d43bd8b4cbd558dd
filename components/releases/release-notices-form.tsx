"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

/**
 * An owner turns a license's new-release notices on or off (issue 19). The button names what it
 * will do, and the sentence beside it what is so now, so the state never hides in a checkbox.
 */
export function ReleaseNoticesForm({
  licenseId,
  isSubscribed,
  action,
}: {
  licenseId: string;
  isSubscribed: boolean;
  action: FormAction<{ licenseId: string; isSubscribed: boolean }>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const isOn = state?.ok ? state.data.isSubscribed : isSubscribed;
  return (
    <form action={formAction} className="flex flex-col items-start gap-3">
      <input type="hidden" name="licenseId" value={licenseId} />
      <input type="hidden" name="choice" value={isOn ? "unsubscribe" : "subscribe"} />
      <p className="text-sm text-slate-700" role="status">
        {isOn
          ? "On: the owners and this license's email channels get an email, and its webhooks a release.published event, when a release it includes is published."
          : "Off: nobody is told when a new release is published."}
      </p>
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isOn ? "Stop release emails" : "Email me about new releases"}
      </Button>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
    </form>
  );
}
