"use client";

import { usePathname } from "next/navigation";
import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/auth/action";

/**
 * A refused staff action's message, with the way forward when the refusal was the second factor
 * (enrol, or enter a code and come back here). Field errors are shown by the fields themselves.
 */
export function StaffActionError({ state }: { state: ActionResult<unknown> | null }) {
  const pathname = usePathname();
  if (!state || state.ok || state.fieldErrors) return null;
  return (
    <Alert tone="error">
      {state.message} <BlockedActionLink code={state.code} callbackUrl={pathname} enrolHref="/admin/security" />
    </Alert>
  );
}
