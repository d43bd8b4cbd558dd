"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { ACTIVATION_PIN_MODES, activationPinModeLabels, PIN_MIN_LENGTH } from "@/lib/validations/choices";

type PinMode = (typeof ACTIVATION_PIN_MODES)[number];

/**
 * The owner's control over the license PIN: set or change it (typed twice, never shown again) and
 * choose when it is asked, or remove it. Members see the state only.
 */
export function ActivationPinForm<T>({
  licenseId,
  mode,
  isOwner,
  setAction,
  clearAction,
}: {
  licenseId: string;
  mode: PinMode | null;
  isOwner: boolean;
  setAction: FormAction<T>;
  clearAction: FormAction<T>;
}) {
  const [setState, submitSet, isSetting] = useActionState(setAction, null);
  const [clearState, submitClear, isClearing] = useActionState(clearAction, null);
  const failure = setState && !setState.ok ? setState : null;
  const status = mode
    ? `A PIN is set. It is asked ${mode === "every_new_device" ? "for every new device" : "only when a new device activates from a new network"}.`
    : "No PIN is set: devices activate with the license key alone.";
  return (
    <div className="space-y-4 px-5 py-4">
      <p className="text-sm text-slate-700">{status}</p>
      {setState?.ok ? (
        <Alert tone="success">
          The PIN is saved. Give it to the people who install the software; it is not shown again.
        </Alert>
      ) : null}
      {clearState?.ok ? <Alert tone="success">The PIN is removed.</Alert> : null}
      {clearState && !clearState.ok ? <Alert tone="error">{clearState.message}</Alert> : null}
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      {isOwner ? (
        <>
          <form action={submitSet} className="grid gap-4 sm:grid-cols-2" noValidate>
            <input type="hidden" name="licenseId" value={licenseId} />
            <Field
              label={mode ? "New PIN or passphrase" : "PIN or passphrase"}
              name="pin"
              errors={failure?.fieldErrors?.pin}
              hint={`At least ${PIN_MIN_LENGTH} characters.`}
            >
              {(props) => <input {...props} name="pin" type="password" autoComplete="new-password" />}
            </Field>
            <Field label="Repeat it" name="confirmPin" errors={failure?.fieldErrors?.confirmPin}>
              {(props) => <input {...props} name="confirmPin" type="password" autoComplete="new-password" />}
            </Field>
            <div className="sm:col-span-2">
              <PinModeField fieldName="mode" mode={mode} errors={failure?.fieldErrors?.mode} />
            </div>
            <div className="flex gap-2 sm:col-span-2">
              <Button type="submit" disabled={isSetting}>
                {isSetting ? "Saving…" : mode ? "Change PIN" : "Set PIN"}
              </Button>
            </div>
          </form>
          {mode ? (
            <ConfirmDialog
              triggerLabel="Remove PIN"
              title="Remove the license PIN?"
              description="New devices will then activate with the license key alone, from any network."
            >
              <form action={submitClear}>
                <input type="hidden" name="licenseId" value={licenseId} />
                <Button type="submit" variant="danger" disabled={isClearing}>
                  Remove PIN
                </Button>
              </form>
            </ConfirmDialog>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-500">Only an owner of your organization can set or remove the PIN.</p>
      )}
    </div>
  );
}

/** When the PIN is asked; shared by the owner's form and support's. `fieldName` keeps ids unique per row. */
export function PinModeField({
  fieldName,
  mode,
  errors,
}: {
  fieldName: string;
  mode: PinMode | null;
  errors?: string[];
}) {
  return (
    <Field label="Ask for the PIN" name={fieldName} errors={errors}>
      {(props) => (
        <select {...props} name="mode" defaultValue={mode ?? "unusual_only"}>
          {ACTIVATION_PIN_MODES.map((choice) => (
            <option key={choice} value={choice}>
              {activationPinModeLabels[choice]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
