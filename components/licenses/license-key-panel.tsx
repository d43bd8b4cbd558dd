"use client";

import { useState, useTransition } from "react";
import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LICENSE_KEY_STATE_TONE } from "@/components/ui/state-tones";
import type { FormAction } from "@/lib/auth/action";
import type { LicenseKeyState } from "@/lib/licensing/license-key-transitions";

interface KeyRow {
  id: string;
  state: LicenseKeyState;
  masked: string;
}

/**
 * Shows a key masked; Reveal and Copy ask the server for the plaintext each time (audited, and
 * refused without a recent sign-in, or without a second factor where the organisation requires
 * one; the refusal links to the way forward). The plaintext lives only in this component's state.
 */
export function LicenseKeyPanel({
  licenseId,
  keyRow,
  action,
  callbackUrl,
  enrolHref,
}: {
  licenseId: string;
  keyRow: KeyRow;
  action: FormAction<{ key: string }>;
  callbackUrl: string;
  /** Where this person sets up a second factor the gate asks for: their security settings in this view. */
  enrolHref: string;
}) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string; code?: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  function fetchKey(purpose: "reveal" | "copy") {
    startTransition(async () => {
      const form = new FormData();
      form.set("licenseId", licenseId);
      form.set("keyId", keyRow.id);
      form.set("purpose", purpose);
      const result = await action(null, form);
      if (!result.ok) {
        setMessage({ tone: "error", text: result.message, code: result.code });
        return;
      }
      if (purpose === "reveal") {
        setRevealed(result.data.key);
        setMessage(null);
        return;
      }
      try {
        await navigator.clipboard.writeText(result.data.key);
        setMessage({ tone: "success", text: "Key copied to the clipboard." });
      } catch {
        setRevealed(result.data.key);
        setMessage({
          tone: "error",
          text: "Your browser blocked the clipboard; the key is shown so you can copy it by hand.",
        });
      }
    });
  }

  return (
    <div className="space-y-3 px-5 py-4">
      <div className="flex flex-wrap items-center gap-3">
        <code
          aria-label={revealed ? "Revealed license key" : "Hidden license key"}
          className="rounded-md bg-slate-100 px-3 py-2 font-mono text-sm tracking-wide"
        >
          {revealed ?? keyRow.masked}
        </code>
        <Badge tone={LICENSE_KEY_STATE_TONE[keyRow.state]}>{keyRow.state}</Badge>
        <div className="ml-auto flex gap-2">
          {revealed ? (
            <Button variant="secondary" onClick={() => setRevealed(null)}>
              Hide
            </Button>
          ) : (
            <Button variant="secondary" disabled={isPending} onClick={() => fetchKey("reveal")}>
              Reveal
            </Button>
          )}
          <Button variant="secondary" disabled={isPending} onClick={() => fetchKey("copy")}>
            Copy
          </Button>
        </div>
      </div>
      {message ? (
        <Alert tone={message.tone}>
          {message.text} <BlockedActionLink code={message.code} callbackUrl={callbackUrl} enrolHref={enrolHref} />
        </Alert>
      ) : null}
    </div>
  );
}
