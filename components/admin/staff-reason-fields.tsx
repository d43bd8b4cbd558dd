"use client";

import { useId } from "react";
import { useActionDialogErrors } from "@/components/ui/action-dialog";
import { cn } from "@/components/ui/cn";
import type { FieldErrors } from "@/lib/errors";
import { staffReasonCategories, staffReasonLabels } from "@/lib/validations/choices";

const inputClass = (hasError: boolean) =>
  cn("mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600", hasError ? "ring-red-400" : "ring-slate-300");

/**
 * The reason every staff write carries (`staffReasonSchema`): a category and a sentence, both
 * recorded in the audit trail. Put it inside the action's form; errors come from the action result
 * (passed in, or the surrounding `ActionDialog`'s).
 */
export function StaffReasonFields({ errors: givenErrors, reasonLabel = "Reason", placeholder = "What happened and who asked for it", className }: { errors?: FieldErrors; reasonLabel?: string; placeholder?: string; className?: string }) {
  const id = useId();
  const dialogErrors = useActionDialogErrors();
  const errors = givenErrors ?? dialogErrors;
  const categoryErrors = errors?.reasonCategory;
  const reasonErrors = errors?.reason;
  return (
    <fieldset className={cn("grid gap-2 sm:grid-cols-[12rem_1fr]", className)}>
      <legend className="sr-only">Reason for the audit trail</legend>
      <div>
        <label htmlFor={`${id}-category`} className="block text-xs font-medium text-slate-700">
          Reason category
        </label>
        <select
          id={`${id}-category`}
          name="reasonCategory"
          defaultValue=""
          required
          aria-invalid={Boolean(categoryErrors)}
          aria-describedby={categoryErrors ? `${id}-category-error` : undefined}
          className={inputClass(Boolean(categoryErrors))}
        >
          <option value="" disabled>
            Choose…
          </option>
          {staffReasonCategories.map((category) => (
            <option key={category} value={category}>
              {staffReasonLabels[category]}
            </option>
          ))}
        </select>
        <FieldMessage id={`${id}-category-error`} errors={categoryErrors} />
      </div>
      <div>
        <label htmlFor={`${id}-reason`} className="block text-xs font-medium text-slate-700">
          {reasonLabel}
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          required
          maxLength={500}
          placeholder={placeholder}
          aria-invalid={Boolean(reasonErrors)}
          aria-describedby={reasonErrors ? `${id}-reason-error` : undefined}
          className={inputClass(Boolean(reasonErrors))}
        />
        <FieldMessage id={`${id}-reason-error`} errors={reasonErrors} />
      </div>
    </fieldset>
  );
}

function FieldMessage({ id, errors }: { id: string; errors?: string[] }) {
  return errors ? (
    <p id={id} className="mt-1 text-xs text-red-700">
      {errors.join(" ")}
    </p>
  ) : null;
}

/** The reason of a support action on a customer's license or delivery: the label says where it goes. */
export function AuditReasonFields() {
  return <StaffReasonFields reasonLabel="Reason (recorded in the audit log)" placeholder="e.g. ticket 4411: customer reinstalled and lost the key" />;
}
