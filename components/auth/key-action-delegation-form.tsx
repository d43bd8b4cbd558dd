"use client";

import type { FormAction } from "@/lib/auth/action";
import { OrgPolicyForm } from "./org-policy-form";

/** Owners: let members take the key actions that stop a working key (issue 24, finding 8). */
export function KeyActionDelegationForm({
  membersMayManageKeys,
  action,
}: {
  membersMayManageKeys: boolean;
  action: FormAction<{ membersMayManageKeys: boolean }>;
}) {
  return (
    <OrgPolicyForm
      field="membersMayManageKeys"
      isOn={membersMayManageKeys}
      label="Let members replace a leaked key and roll back rotations"
      hint="Both stop a key that software may be using right now. Off: only owners can."
      savedOn="Members can now replace leaked keys and roll back rotations."
      savedOff="Only owners can now replace leaked keys and roll back rotations."
      submitLabel="Save key actions"
      action={action}
    />
  );
}
