"use client";

import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";

/** Overlaps offered when rolling a credential: how long the old value keeps working (at most a week). */
const ROLL_OVERLAPS = [
  { minutes: 0, label: "None: the old value stops now" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "24 hours" },
  { minutes: 4320, label: "3 days" },
  { minutes: 10080, label: "7 days" },
];

/** Which credential to roll (`name`) and for how long its old value keeps working (`overlapMinutes`). */
export function RollCredentialFields({
  label,
  name,
  overlapLabel,
  choices,
  errors,
}: {
  label: string;
  name: string;
  overlapLabel: string;
  choices: { id: string; label: string }[];
  errors: FieldErrors | undefined;
}) {
  return (
    <>
      <Field label={label} name={`roll-${name}`} errors={errors?.[name]}>
        {(props) => (
          <select {...props} name={name}>
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={overlapLabel} name={`roll-${name}-overlap`} errors={errors?.overlapMinutes}>
        {(props) => (
          <select {...props} name="overlapMinutes" defaultValue="1440">
            {ROLL_OVERLAPS.map((overlap) => (
              <option key={overlap.minutes} value={overlap.minutes}>
                {overlap.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
