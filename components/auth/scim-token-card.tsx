"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { FormAction } from "@/lib/auth/action";

/** Settings → Security: the token the organization's directory (Okta, Entra ID…) uses to add and remove people. */
export function ScimTokenCard({
  baseUrl,
  token,
  isOwner,
  rotateAction,
}: {
  baseUrl: string;
  token: { prefix: string } | null;
  isOwner: boolean;
  rotateAction: FormAction<{ value: string; prefix: string }>;
}) {
  const [state, rotate, isRotating] = useActionState(rotateAction, null);
  return (
    <Card aria-labelledby="org-scim">
      <CardHeader
        id="org-scim"
        title="Directory sync (SCIM)"
        description="Your directory adds people to this organization and removes them; removed people lose their sessions and tokens at once."
      />
      <div className="space-y-3 px-5 py-4 text-sm">
        <p className="text-slate-700">
          SCIM base URL: <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs">{baseUrl}</code>
        </p>
        <p className="text-slate-700">
          {token ? (
            <>
              Token in use: <code className="font-mono text-xs">{token.prefix}…</code>
            </>
          ) : (
            "No SCIM token yet."
          )}
        </p>
        {state?.ok ? (
          <Alert tone="success">
            Copy this token into your directory now; it is not shown again:{" "}
            <code aria-label="New SCIM token" className="break-all font-mono text-xs">
              {state.data.value}
            </code>
          </Alert>
        ) : null}
        {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {isOwner ? (
          <form action={rotate}>
            <Button type="submit" variant="secondary" disabled={isRotating}>
              {token ? "Replace SCIM token" : "Create SCIM token"}
            </Button>
          </form>
        ) : (
          <p className="text-slate-600">Only owners can make a SCIM token.</p>
        )}
      </div>
    </Card>
  );
}
