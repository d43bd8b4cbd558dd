"use client";

import { useId } from "react";
import { useActionDialogErrors } from "@/components/ui/action-dialog";

/** A customer's reason for a consequential change, for the audit trail (inside an `ActionDialog`). */
export function ReasonField() {
  const id = useId();
  const errors = useActionDialogErrors()?.reason;
  return (
    <div>
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
        Reason
      </label>
      <textarea
        id={`${id}-reason`}
        name="reason"
        rows={3}
        aria-invalid={Boolean(errors)}
        aria-describedby={errors ? `${id}-reason-error` : undefined}
        className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
      />
      {errors ? (
        <p id={`${id}-reason-error`} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
