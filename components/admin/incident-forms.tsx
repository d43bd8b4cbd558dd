"use client";

import { useActionState } from "react";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { StaffActionError } from "@/components/admin/staff-action-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult, FormAction } from "@/lib/auth/action";

type Choice = { value: string; label: string };

type Notified = { subscribersNotified: number };

function Outcome<T extends Notified>({ state, success }: { state: ActionResult<T> | null; success: string }) {
  if (!state) return null;
  if (state.ok)
    return (
      <Alert tone="success">{`${success} ${state.data.subscribersNotified} ${state.data.subscribersNotified === 1 ? "subscriber was" : "subscribers were"} emailed.`}</Alert>
    );
  return <StaffActionError state={state} />;
}

function MessageField({ errors, name }: { errors?: string[]; name: string }) {
  return (
    <Field
      label="Public update"
      name={name}
      errors={errors}
      hint="Shown on the status page and emailed to subscribers. Say what customers notice and what to do."
    >
      {(props) => <textarea {...props} name="message" rows={3} />}
    </Field>
  );
}

/** Opens an incident on the public status page with its first update. */
export function CreateIncidentForm<T extends Notified>({
  components,
  impacts,
  action,
}: {
  components: Choice[];
  impacts: Choice[];
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-4 px-5 py-4" noValidate>
      <Outcome state={state} success="Incident opened." />
      <Field label="Title" name="title" errors={errors?.title}>
        {(props) => <input {...props} name="title" placeholder="e.g. Slow license validation in Europe" />}
      </Field>
      <Field label="Impact" name="impact" errors={errors?.impact}>
        {(props) => (
          <select {...props} name="impact" defaultValue="minor">
            {impacts.map((impact) => (
              <option key={impact.value} value={impact.value}>
                {impact.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Affected components</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {components.map((component) => (
            <label key={component.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="components" value={component.value} /> {component.label}
            </label>
          ))}
        </div>
        {errors?.components ? <p className="mt-1 text-sm text-red-700">{errors.components.join(" ")}</p> : null}
      </fieldset>
      <MessageField name="message-new" errors={errors?.message} />
      <StaffReasonFields errors={errors} placeholder="e.g. Monitoring alert 1234; internal ticket OPS-88" />
      <Button type="submit" disabled={isPending}>
        {isPending ? "Opening…" : "Open incident"}
      </Button>
    </form>
  );
}

/** Posts an update (and the new state) on an open incident; `resolved` closes it. */
export function IncidentUpdateForm<T extends Notified>({
  incidentId,
  title,
  state: current,
  states,
  action,
}: {
  incidentId: string;
  title: string;
  state: string;
  states: Choice[];
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-sm font-semibold text-brand-700 hover:underline">
        Post an update on “{title}”…
      </summary>
      <form action={formAction} className="mt-3 space-y-3 rounded-md bg-slate-50 p-4" noValidate>
        <input type="hidden" name="incidentId" value={incidentId} />
        <Outcome state={state} success="Update posted." />
        <Field label="State" name={`state-${incidentId}`} errors={errors?.state}>
          {(props) => (
            <select {...props} name="state" defaultValue={current}>
              {states.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <MessageField name={`message-${incidentId}`} errors={errors?.message} />
        <StaffReasonFields errors={errors} />
        <Button type="submit" disabled={isPending}>
          {isPending ? "Posting…" : "Post update"}
        </Button>
      </form>
    </details>
  );
}
