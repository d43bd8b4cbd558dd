"use client";

import { useId } from "react";
import { RollCredentialFields } from "@/components/admin/roll-credential-fields";
import { ShownOnce } from "@/components/admin/shown-once";
import { StaffForm } from "@/components/admin/staff-form";
import { useActionDialogErrors } from "@/components/ui/action-dialog";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import type { FieldErrors } from "@/lib/errors";
import { VENDOR_EVENT_LABELS, VENDOR_EVENT_TYPES } from "@/lib/validations/vendor-webhooks";

/** The event types as checkboxes (`eventTypes`), inside a page form or an `ActionDialog`. */
export function EventTypeFields({
  selected = VENDOR_EVENT_TYPES,
  errors: givenErrors,
}: {
  selected?: readonly string[];
  errors?: FieldErrors;
}) {
  const errorId = useId();
  const dialogErrors = useActionDialogErrors();
  const errors = (givenErrors ?? dialogErrors)?.eventTypes;
  return (
    <fieldset className="sm:col-span-2" aria-describedby={errors ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">Events</legend>
      <div className="mt-1 grid gap-1">
        {VENDOR_EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="eventTypes"
              value={type}
              defaultChecked={selected.includes(type)}
              className="mt-0.5"
            />
            <span>
              <code className="text-xs">{type}</code> — {VENDOR_EVENT_LABELS[type]}
            </span>
          </label>
        ))}
      </div>
      {errors ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

const ShownOnceSecret = ({ url, secret, note }: { url: string; secret: string; note?: string }) => (
  <ShownOnce intro={`The signing secret for ${url} is ready.`} value={secret} valueLabel="Signing secret" note={note} />
);

export function CreateVendorEndpointForm({ action }: { action: FormAction<{ url: string; secret: string }> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Add endpoint"
      pendingLabel="Adding…"
      reasonPlaceholder="e.g. CRM follows license changes"
      success={(created) => <ShownOnceSecret {...created} />}
    >
      {(errors) => (
        <>
          <Field label="URL" name="endpoint-url" errors={errors?.url} hint="A public https:// address of your system.">
            {(props) => <input {...props} name="url" type="url" inputMode="url" />}
          </Field>
          <Field label="Description (optional)" name="endpoint-description" errors={errors?.description}>
            {(props) => <input {...props} name="description" />}
          </Field>
          <EventTypeFields errors={errors} />
        </>
      )}
    </StaffForm>
  );
}

export function RollVendorSecretForm({
  action,
  endpoints,
}: {
  action: FormAction<{ url: string; secret: string; oldSecretValidUntil: string }>;
  endpoints: { id: string; url: string }[];
}) {
  return (
    <StaffForm
      action={action}
      submitLabel="Roll secret"
      pendingLabel="Rolling…"
      reasonPlaceholder="e.g. yearly credential rotation"
      success={(rolled) => (
        <ShownOnceSecret
          url={rolled.url}
          secret={rolled.secret}
          note={`Until ${new Date(rolled.oldSecretValidUntil).toUTCString()} every message is signed with both secrets.`}
        />
      )}
    >
      {(errors) => (
        <RollCredentialFields
          label="Endpoint"
          name="endpointId"
          overlapLabel="Old secret keeps signing for"
          choices={endpoints.map(({ id, url }) => ({ id, label: url }))}
          errors={errors}
        />
      )}
    </StaffForm>
  );
}
