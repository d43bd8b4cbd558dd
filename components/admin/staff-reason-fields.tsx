"use client";

import { useId } from "react";
import { useActionDialogErrors } from "@/components/ui/action-dialog";
import { cn } from "@/components/ui/cn";
import type { FieldErrors } from "@/lib/errors";
import { staffReasonCategories, staffReasonLabels } from "@/lib/validations/choices";

const inputClass = (hasError: boolean) =>
  cn(
    "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600",
    hasError ? "ring-red-400" : "ring-slate-300",
  );

/**
 * The reason every staff write carries (`staffReasonSchema`): a category and an internal note, both
 * recorded in the audit trail for staff only, and, on actions a customer is told about, an
 * optional message to the customer (DESIGN.md §4). The labels say who reads each box. Put it inside
 * the action's form; errors come from the action result (passed in, or the surrounding
 * `ActionDialog`'s).
 */
export function StaffReasonFields({
  errors: givenErrors,
  reasonLabel = "Internal note (staff only — the customer never sees this)",
  placeholder = "What happened and who asked for it",
  hasCustomerMessage = false,
  className,
}: {
  errors?: FieldErrors;
  reasonLabel?: string;
  placeholder?: string;
  /** The action changes something the customer sees, so support may tell them why. */
  hasCustomerMessage?: boolean;
  className?: string;
}) {
  const id = useId();
  const dialogErrors = useActionDialogErrors();
  const errors = givenErrors ?? dialogErrors;
  const categoryErrors = errors?.reasonCategory;
  const reasonErrors = errors?.reason;
  const messageErrors = errors?.customerMessage;
  return (
    <fieldset className={cn("grid gap-2 sm:grid-cols-[12rem_1fr]", className)}>
      <legend className="sr-only">
        Reason: an internal note for staff{hasCustomerMessage ? " and a message to the customer" : ""}
      </legend>
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
      {hasCustomerMessage ? (
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-message`} className="block text-xs font-medium text-slate-700">
            Message to the customer (optional — shown in their Activity and email)
          </label>
          <textarea
            id={`${id}-message`}
            name="customerMessage"
            rows={2}
            maxLength={500}
            placeholder="e.g. Suspended at your request; reply to this email to resume."
            aria-invalid={Boolean(messageErrors)}
            aria-describedby={messageErrors ? `${id}-message-error` : undefined}
            className={inputClass(Boolean(messageErrors))}
          />
          <FieldMessage id={`${id}-message-error`} errors={messageErrors} />
        </div>
      ) : null}
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

/** The reason of a support action recorded in the audit log only (policies, deliveries, sign-in factors). */
export function AuditReasonFields() {
  return <StaffReasonFields placeholder="e.g. ticket 4411: customer reinstalled and lost the key" />;
}

/** The reason of a support action on a customer's license: the customer may be told why. */
export function CustomerActionReasonFields() {
  return <StaffReasonFields placeholder="e.g. ticket 4411: customer reinstalled and lost the key" hasCustomerMessage />;
}
