"use client";

import { useActionState } from "react";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { DEFAULT_OVERLAP_MINUTES, TRIAL_CONVERSION_OVERLAP_CHOICES } from "@/lib/validations/choices";

/** Support converts a trial to a paid edition: the customer keeps license, devices and settings. */
export function ConvertTrialForm<T>({
  licenseId,
  label,
  seats,
  activeDevices,
  editions,
  action,
}: {
  licenseId: string;
  label: string;
  seats: number;
  activeDevices: number;
  editions: { id: string; name: string }[];
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  if (state?.ok)
    return (
      <Alert tone="success">
        Converted. The customer has a new key; the trial key keeps working during the overlap.
      </Alert>
    );
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm font-semibold text-brand-700 hover:underline">
        Convert {label} to paid…
      </summary>
      <form action={formAction} className="mt-3 grid gap-3 rounded-md bg-slate-50 p-4 sm:grid-cols-2" noValidate>
        <input type="hidden" name="licenseId" value={licenseId} />
        {failure && !failure.fieldErrors ? (
          <div className="sm:col-span-2">
            <StaffActionError state={failure} />
          </div>
        ) : null}
        <Field label="Paid edition" name={`editionId-${licenseId}`} errors={failure?.fieldErrors?.editionId}>
          {(props) => (
            <select {...props} name="editionId" defaultValue={editions[0]?.id}>
              {editions.map((edition) => (
                <option key={edition.id} value={edition.id}>
                  {edition.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Seats"
          name={`seats-${licenseId}`}
          errors={failure?.fieldErrors?.seats}
          hint={`${activeDevices} active ${activeDevices === 1 ? "device is" : "devices are"} kept.`}
        >
          {(props) => (
            <input
              {...props}
              name="seats"
              type="number"
              min={Math.max(1, activeDevices)}
              defaultValue={Math.max(seats, activeDevices)}
            />
          )}
        </Field>
        <Field
          label="Paid until (last day, UTC)"
          name={`expiresOn-${licenseId}`}
          errors={failure?.fieldErrors?.expiresOn}
          hint="Leave empty for a license without an end date."
        >
          {(props) => <input {...props} name="expiresOn" type="date" />}
        </Field>
        <Field
          label="Trial key keeps working for"
          name={`overlapMinutes-${licenseId}`}
          errors={failure?.fieldErrors?.overlapMinutes}
        >
          {(props) => (
            <select {...props} name="overlapMinutes" defaultValue={String(DEFAULT_OVERLAP_MINUTES)}>
              {TRIAL_CONVERSION_OVERLAP_CHOICES.map((choice) => (
                <option key={choice.minutes} value={choice.minutes}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <StaffReasonFields
          errors={failure?.fieldErrors}
          className="sm:col-span-2"
          placeholder="e.g. Order 4711 paid, 10 seats for one year"
        />
        <div className="sm:col-span-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? "Converting…" : "Convert and issue the new key"}
          </Button>
        </div>
      </form>
    </details>
  );
}
