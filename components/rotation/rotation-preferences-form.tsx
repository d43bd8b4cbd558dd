"use client";

import { useActionState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formatDuration, formatMinuteOfDay } from "@/components/ui/durations";
import { ExactTime } from "@/components/ui/time";
import type { FormAction } from "@/lib/auth/action";
import type { RotationPreferenceValues } from "@/lib/rotation";
import { LEAD_DAY_CHOICES, OVERLAP_CHOICES, WINDOW_DURATION_CHOICES } from "@/lib/validations/choices";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * The zones the time-zone field suggests come from the browser's own IANA list, not the server:
 * its 418 names, once in the HTML and again in the flight data, were half of the license page's
 * bytes (issue 21). The server renders none and hydration sees none, so both agree; the list fills
 * in right after. They are only suggestions: the server checks whatever zone is sent.
 */
const NO_TIME_ZONES: string[] = [];
let browserTimeZones: string[] | undefined;
const timeZonesOfBrowser = () => (browserTimeZones ??= Intl.supportedValuesOf("timeZone"));
const timeZonesNeverChange = () => () => {};

export type PreferenceValues = RotationPreferenceValues;

/** What saving answers: the rotation it planned, if any (nothing is planned for a manual cadence). */
export interface SavedPreferences {
  nextRotationAt: string | null;
}

export interface PolicyBounds {
  allowedCadenceDays: number[];
  allowManualCadence: boolean;
  minOverlapMinutes: number;
  maxOverlapMinutes: number;
}

/** Checkbox group with its legend and error, keyboard-accessible as native inputs. */
function ChoiceGroup({
  legend,
  name,
  options,
  selected,
  errors,
}: {
  legend: string;
  name: string;
  options: { value: number; label: string }[];
  selected: number[];
  errors?: string[];
}) {
  return (
    <fieldset aria-describedby={errors?.length ? `${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-2">
        {options.map((option) => (
          <label
            key={option.value}
            className="inline-flex cursor-pointer items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm ring-1 ring-slate-300 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-600"
          >
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={selected.includes(option.value)}
              className="accent-brand-600"
            />
            {option.label}
          </label>
        ))}
      </div>
      {errors?.length ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function RotationPreferencesForm({
  licenseId,
  values,
  policy,
  action,
}: {
  licenseId: string;
  values: PreferenceValues;
  policy: PolicyBounds;
  action: FormAction<SavedPreferences>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const timeZones = useSyncExternalStore(timeZonesNeverChange, timeZonesOfBrowser, () => NO_TIME_ZONES);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const overlapOptions = [
    ...OVERLAP_CHOICES.filter(
      (choice) => choice.minutes >= policy.minOverlapMinutes && choice.minutes <= policy.maxOverlapMinutes,
    ),
    ...(OVERLAP_CHOICES.some((choice) => choice.minutes === values.overlapMinutes)
      ? []
      : [{ minutes: values.overlapMinutes, label: formatDuration(values.overlapMinutes) }]),
  ];
  return (
    <form action={formAction} className="space-y-5 px-5 py-4" noValidate>
      {state?.ok ? (
        <Alert tone="success">
          {state.data.nextRotationAt ? (
            <>
              Saved. The next rotation is planned for <ExactTime date={new Date(state.data.nextRotationAt)} />.
            </>
          ) : (
            "Saved. No rotation is planned with these settings."
          )}
        </Alert>
      ) : null}
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="licenseId" value={licenseId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Rotate the key" name="cadence" errors={errors?.cadence}>
          {(props) => (
            <select {...props} name="cadence" defaultValue={values.cadenceDays ?? "manual"}>
              {policy.allowedCadenceDays.map((days) => (
                <option key={days} value={days}>
                  Every {days} days
                </option>
              ))}
              {policy.allowManualCadence ? <option value="manual">Only when I ask</option> : null}
            </select>
          )}
        </Field>
        <Field
          label="Old and new key overlap"
          name="overlapMinutes"
          errors={errors?.overlapMinutes}
          hint="How long the old key keeps working after the switch."
        >
          {(props) => (
            <select {...props} name="overlapMinutes" defaultValue={values.overlapMinutes}>
              {overlapOptions.map((choice) => (
                <option key={choice.minutes} value={choice.minutes}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Time zone" name="timeZone" errors={errors?.timeZone} hint="Type to search, e.g. Berlin.">
          {(props) => (
            <>
              <input {...props} name="timeZone" list="time-zones" defaultValue={values.timeZone} autoComplete="off" />
              <datalist id="time-zones">
                {timeZones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      <ChoiceGroup
        legend="Window days"
        name="weekdays"
        options={DAYS.map((label, index) => ({ value: index + 1, label }))}
        selected={values.weekdays}
        errors={errors?.weekdays}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Window opens at (in the time zone above)" name="startTime" errors={errors?.startTime}>
          {(props) => (
            <input {...props} name="startTime" type="time" defaultValue={formatMinuteOfDay(values.startMinute)} />
          )}
        </Field>
        <Field label="Window length" name="durationMinutes" errors={errors?.durationMinutes}>
          {(props) => (
            <select {...props} name="durationMinutes" defaultValue={values.durationMinutes}>
              {[...new Set([...WINDOW_DURATION_CHOICES, values.durationMinutes])]
                .sort((a, b) => a - b)
                .map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {formatDuration(minutes)}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <div>
        <label className="inline-flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            name="alignWithRenewal"
            defaultChecked={values.alignWithRenewal}
            aria-describedby="alignWithRenewal-hint"
            className="accent-brand-600"
          />
          Rotate with each renewal
        </label>
        <p id="alignWithRenewal-hint" className="mt-1 text-sm text-slate-600">
          When ticked, the key changes once per term, in the first window after the new term starts, instead of on the
          schedule above. The product's limit on a key's age, if it has one, still applies.
        </p>
        {errors?.alignWithRenewal?.length ? (
          <p className="mt-1 text-sm text-red-700">{errors.alignWithRenewal.join(" ")}</p>
        ) : null}
      </div>
      <ChoiceGroup
        legend="Email me before a rotation"
        name="leadDays"
        options={LEAD_DAY_CHOICES.map((days) => ({ value: days, label: `${days} day${days === 1 ? "" : "s"} before` }))}
        selected={values.leadDays}
        errors={errors?.leadDays}
      />
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : "Save rotation settings"}
      </Button>
    </form>
  );
}
