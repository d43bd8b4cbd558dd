"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** What happens to devices that stop checking in, and whether owners hear about unusual activity. */
export function DevicePolicyForm<T extends { freedSeats: number }>({
  licenseId,
  inactiveAfterDays,
  isAnomalyNoticeWanted,
  dayChoices,
  action,
}: {
  licenseId: string;
  inactiveAfterDays: number | null;
  isAnomalyNoticeWanted: boolean;
  dayChoices: readonly number[];
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  const choices =
    inactiveAfterDays === null || dayChoices.includes(inactiveAfterDays)
      ? dayChoices
      : [...dayChoices, inactiveAfterDays].sort((a, b) => a - b);
  return (
    <form action={formAction} className="space-y-4 px-5 py-4" noValidate>
      {state?.ok ? (
        <Alert tone="success">
          Saved.
          {state.data.freedSeats > 0
            ? ` ${state.data.freedSeats} ${state.data.freedSeats === 1 ? "device" : "devices"} had not checked in for that long and ${state.data.freedSeats === 1 ? "was" : "were"} marked inactive, freeing ${state.data.freedSeats === 1 ? "its seat" : "their seats"}.`
            : ""}
        </Alert>
      ) : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="licenseId" value={licenseId} />
      <Field
        label="Free a device's seat when it has not checked in for"
        name="inactiveAfter"
        errors={failure?.fieldErrors?.inactiveAfter}
        hint="The software checks in in the background. A device that comes back takes a seat again if one is free. Offline devices always keep their seat."
      >
        {(props) => (
          <select
            {...props}
            name="inactiveAfter"
            defaultValue={inactiveAfterDays === null ? "keep" : String(inactiveAfterDays)}
          >
            {choices.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
            <option value="keep">Never: keep the seat until someone deactivates it</option>
          </select>
        )}
      </Field>
      <div className="flex items-start gap-2">
        <input
          id="anomalyNotice"
          name="anomalyNotice"
          type="checkbox"
          defaultChecked={isAnomalyNoticeWanted}
          className="mt-1"
        />
        <label htmlFor="anomalyNotice" className="text-sm text-slate-800">
          Email the owners when this key is activated from unusually many devices or networks
          <span className="block text-slate-500">
            Nothing is ever blocked; our support team sees these flags either way.
          </span>
        </label>
      </div>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : "Save device settings"}
      </Button>
    </form>
  );
}
