"use client";

import { useActionState, useEffect, useId, useState } from "react";
import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";

export interface SignedFile {
  fileName: string;
  token: string;
  deviceName: string;
}

/**
 * One half of offline (de)activation: the customer brings the request file an air-gapped machine
 * wrote (uploaded, or pasted as text), and takes back the signed file the portal answers with.
 * The file is read in the browser and sent as text, so the action validates it like any field.
 */
export function OfflineRequestForm({
  licenseId,
  fileLabel,
  submitLabel,
  downloadLabel,
  successText,
  action,
}: {
  licenseId: string;
  fileLabel: string;
  submitLabel: string;
  downloadLabel: string;
  /** Follows the device's name: "Lab-PC is activated: …". */
  successText: string;
  action: FormAction<SignedFile>;
}) {
  const id = useId();
  const [request, setRequest] = useState("");
  const [state, formAction, isPending] = useActionState(action, null);
  const [downloadUrl, setDownloadUrl] = useState<string | null>(null);
  const errors = state && !state.ok ? state.fieldErrors?.request : undefined;

  useEffect(() => {
    if (!state?.ok) return;
    const url = URL.createObjectURL(new Blob([state.data.token], { type: "application/jwt" }));
    setDownloadUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [state]);

  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="licenseId" value={licenseId} />
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
          {fileLabel}
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.txt,application/json,text/plain"
          className="mt-1 block text-sm"
          aria-describedby={errors ? `${id}-error` : undefined}
          onChange={async (event) => setRequest((await event.target.files?.[0]?.text()) ?? "")}
        />
      </div>
      <div>
        <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
          Or paste its contents
        </label>
        <textarea
          id={`${id}-text`}
          name="request"
          rows={4}
          value={request}
          onChange={(event) => setRequest(event.target.value)}
          aria-invalid={Boolean(errors)}
          aria-describedby={errors ? `${id}-error` : undefined}
          className="mt-1 block w-full rounded-md px-3 py-2 font-mono text-xs ring-1 ring-inset ring-slate-300"
        />
        {errors ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
      {state && !state.ok && !errors ? (
        <Alert tone="error">
          {state.message}{" "}
          <BlockedActionLink
            code={state.code}
            callbackUrl={`/licenses/${licenseId}/devices#offline`}
            enrolHref="/settings/security"
          />
        </Alert>
      ) : null}
      <Button type="submit" disabled={isPending}>
        {isPending ? "Working…" : submitLabel}
      </Button>
      {state?.ok && downloadUrl ? (
        <Alert tone="success">
          <strong>{state.data.deviceName}</strong> {successText}{" "}
          <a className={buttonClass("secondary", "mt-2")} href={downloadUrl} download={state.data.fileName}>
            {downloadLabel}
          </a>
        </Alert>
      ) : null}
    </form>
  );
}
