"use client";

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult, FormAction } from "@/lib/auth/action";

/** The second-factor step with a passkey: the browser signs this session's challenge, the server checks it. */
export function VerifyPasskeyButton<T>({
  startAction,
  verifyAction,
  callbackUrl,
}: {
  startAction: FormAction<PublicKeyCredentialRequestOptionsJSON>;
  verifyAction: FormAction<T>;
  callbackUrl: string;
}) {
  const [state, verify, isVerifying] = useActionState(async (_previous: ActionResult<T> | null) => {
    const started = await startAction(null, new FormData());
    if (!started.ok) return started;
    let response: unknown;
    try {
      response = await startAuthentication({ optionsJSON: started.data });
    } catch {
      return { ok: false as const, message: "The passkey was not used. Try again, or use another way to verify." };
    }
    const formData = new FormData();
    formData.set("response", JSON.stringify(response));
    formData.set("callbackUrl", callbackUrl);
    return verifyAction(null, formData);
  }, null);
  return (
    <form action={verify} className="space-y-3">
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <Button type="submit" className="w-full" disabled={isVerifying}>
        {isVerifying ? "Waiting for your passkey…" : "Use a passkey"}
      </Button>
    </form>
  );
}
