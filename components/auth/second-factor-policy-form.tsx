"use client";

import type { FormAction } from "@/lib/auth/action";
import { OrgPolicyForm } from "./org-policy-form";

/** Owners: demand a verified second factor before anyone in the organisation sees or downloads a key. */
export function SecondFactorPolicyForm({
  requireForKeys,
  action,
}: {
  requireForKeys: boolean;
  action: FormAction<{ requireForKeys: boolean }>;
}) {
  return (
    <OrgPolicyForm
      field="requireForKeys"
      isOn={requireForKeys}
      label="Require two-step verification to reveal, copy or download license keys and license files"
      hint="Members without an authenticator app are asked to set one up first."
      savedOn="Keys now need two-step verification."
      savedOff="Keys no longer need two-step verification."
      submitLabel="Save policy"
      action={action}
    />
  );
}
