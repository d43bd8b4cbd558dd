"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FormAction } from "@/lib/auth/action";

export function ChannelActions<A, B>({
  channelId,
  target,
  isWebhook,
  testAction,
  removeAction,
}: {
  channelId: string;
  target: string;
  isWebhook: boolean;
  testAction: FormAction<A>;
  removeAction: FormAction<B>;
}) {
  const [testState, test, isTesting] = useActionState(testAction, null);
  const [removeState, remove, isRemoving] = useActionState(removeAction, null);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {isWebhook ? (
          <form action={test}>
            <input type="hidden" name="channelId" value={channelId} />
            <Button type="submit" variant="secondary" disabled={isTesting} aria-label={`Send test event to ${target}`}>
              {isTesting ? "Sending…" : "Send test event"}
            </Button>
          </form>
        ) : null}
        <ConfirmDialog
          triggerLabel="Remove"
          triggerAriaLabel={`Remove ${target}`}
          title={`Stop notifying ${target}?`}
          description="It stops receiving rotation notices and events immediately."
        >
          <form action={remove}>
            <input type="hidden" name="channelId" value={channelId} />
            <Button type="submit" variant="danger" disabled={isRemoving}>
              Remove channel
            </Button>
          </form>
        </ConfirmDialog>
      </div>
      {testState?.ok ? <Alert tone="success">Test event delivered; the endpoint is verified.</Alert> : null}
      {testState && !testState.ok ? <Alert tone="error">{testState.message}</Alert> : null}
      {removeState && !removeState.ok ? <Alert tone="error">{removeState.message}</Alert> : null}
    </div>
  );
}
