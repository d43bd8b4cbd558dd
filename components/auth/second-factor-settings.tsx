"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { ActionResult, FormAction } from "@/lib/auth/action";

interface Enrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

export interface SecondFactorSettingsProps {
  isEnrolled: boolean;
  recoveryCodesLeft: number;
  /** Where to go once set up (staff are sent here from the sign-in step). */
  continueHref?: string;
  startAction: (previous: ActionResult<Enrolment> | null, formData: FormData) => Promise<ActionResult<Enrolment>>;
  confirmAction: FormAction<{ recoveryCodes: string[] }>;
  regenerateAction: FormAction<{ recoveryCodes: string[] }>;
  disableAction: FormAction<{ disabled: boolean }>;
}

/** Set up, re-issue recovery codes for, or turn off the authenticator app (TOTP). */
export function SecondFactorSettings(props: SecondFactorSettingsProps) {
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  if (recoveryCodes)
    return (
      <RecoveryCodes codes={recoveryCodes} continueHref={props.continueHref} onDone={() => setRecoveryCodes(null)} />
    );
  return props.isEnrolled ? (
    <ManageSecondFactor {...props} onCodes={setRecoveryCodes} />
  ) : (
    <EnrolSecondFactor {...props} onCodes={setRecoveryCodes} />
  );
}

/**
 * Hands fresh recovery codes to the parent as the action returns, not in an effect: a re-render
 * of the page (now enrolled) may unmount this form before an effect would run.
 */
function withCodes(
  action: FormAction<{ recoveryCodes: string[] }>,
  onCodes: (codes: string[]) => void,
): FormAction<{ recoveryCodes: string[] }> {
  return async (previous, formData) => {
    const result = await action(previous, formData);
    if (result.ok) onCodes(result.data.recoveryCodes);
    return result;
  };
}

function EnrolSecondFactor({
  startAction,
  confirmAction,
  onCodes,
}: SecondFactorSettingsProps & { onCodes: (codes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [isStarting, startTransition] = useTransition();
  const [state, formAction, isPending] = useActionState(withCodes(confirmAction, onCodes), null);

  if (!enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">
          Use an authenticator app (1Password, Google Authenticator, Authy, …) for a code at each sign-in.
        </p>
        {startError ? <Alert tone="error">{startError}</Alert> : null}
        <Button
          disabled={isStarting}
          onClick={() =>
            startTransition(async () => {
              const result = await startAction(null, new FormData());
              if (result.ok) setEnrolment(result.data);
              else setStartError(result.message);
            })
          }
        >
          Set up authenticator app
        </Button>
      </div>
    );
  }
  const failure = state && !state.ok ? state : null;
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700">
        <li>
          Scan this QR code with your authenticator app.
          {/* biome-ignore lint/performance/noImgElement: an inline data: SVG made on the server; next/image would only pass it through */}
          <img
            className="mt-2 h-44 w-44 rounded-md ring-1 ring-slate-200"
            alt="QR code for your authenticator app"
            src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`}
          />
        </li>
        <li>
          Or enter this setup key by hand:{" "}
          <code aria-label="Setup key" className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs">
            {enrolment.secret}
          </code>
          <details className="mt-2">
            <summary className="cursor-pointer text-slate-600">Setup link (otpauth://)</summary>
            <input
              aria-label="Setup link"
              readOnly
              value={enrolment.uri}
              className="mt-1 block w-full rounded-md px-2 py-1 font-mono text-xs ring-1 ring-inset ring-slate-300"
            />
          </details>
        </li>
        <li>
          Enter the code the app shows to finish.
          <form action={formAction} className="mt-2 flex max-w-sm items-end gap-2" noValidate>
            <div className="flex-1">
              <Field label="Code from the app" name="enrol-code" errors={failure?.fieldErrors?.code}>
                {(fieldProps) => (
                  <input
                    {...fieldProps}
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    required
                  />
                )}
              </Field>
            </div>
            <Button type="submit" disabled={isPending}>
              Turn on
            </Button>
          </form>
          {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
        </li>
      </ol>
    </div>
  );
}

function ManageSecondFactor({
  recoveryCodesLeft,
  regenerateAction,
  disableAction,
  onCodes,
}: SecondFactorSettingsProps & { onCodes: (codes: string[]) => void }) {
  const [regenerated, regenerate, isRegenerating] = useActionState(withCodes(regenerateAction, onCodes), null);
  const [disabled, disable, isDisabling] = useActionState(disableAction, null);
  const regenerateFailure = regenerated && !regenerated.ok ? regenerated : null;
  const disableFailure = disabled && !disabled.ok ? disabled : null;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        Your authenticator app is on. {recoveryCodesLeft} of 10 recovery codes left
        {recoveryCodesLeft <= 3 ? " — make new ones soon." : "."}
      </p>
      <form action={regenerate} className="max-w-sm space-y-2" noValidate>
        <h3 className="text-sm font-semibold text-slate-900">New recovery codes</h3>
        <Field
          label="Current code"
          name="regenerate-code"
          hint="From your app, or an unused recovery code."
          errors={regenerateFailure?.fieldErrors?.code}
        >
          {(fieldProps) => <input {...fieldProps} name="code" autoComplete="one-time-code" required />}
        </Field>
        {regenerateFailure && !regenerateFailure.fieldErrors ? (
          <Alert tone="error">{regenerateFailure.message}</Alert>
        ) : null}
        <Button type="submit" variant="secondary" disabled={isRegenerating}>
          Make new recovery codes
        </Button>
      </form>
      <form action={disable} id="disable-second-factor" className="max-w-sm space-y-2" noValidate>
        <h3 className="text-sm font-semibold text-slate-900">Turn off</h3>
        <Field
          label="Current code"
          name="disable-code"
          hint="From your app, or an unused recovery code."
          errors={disableFailure?.fieldErrors?.code}
        >
          {(fieldProps) => <input {...fieldProps} name="code" autoComplete="one-time-code" required />}
        </Field>
        {disableFailure && !disableFailure.fieldErrors ? <Alert tone="error">{disableFailure.message}</Alert> : null}
      </form>
      <ConfirmDialog
        triggerLabel="Turn off authenticator app"
        title="Turn off two-step verification?"
        description="Sign-ins will need only the email link. Your recovery codes stop working. Staff cannot change anything until they set up an app again."
      >
        <Button type="submit" form="disable-second-factor" variant="danger" disabled={isDisabling}>
          Turn off
        </Button>
      </ConfirmDialog>
    </div>
  );
}

function RecoveryCodes({
  codes,
  continueHref,
  onDone,
}: {
  codes: string[];
  continueHref?: string;
  onDone: () => void;
}) {
  const router = useRouter();
  return (
    <div className="space-y-4">
      <Alert tone="success" title="Save your recovery codes">
        Each code signs you in once if you lose your authenticator. They are shown only now; store them somewhere safe.
      </Alert>
      <ul aria-label="Recovery codes" className="grid max-w-sm grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((code) => (
          <li key={code} className="rounded bg-slate-100 px-2 py-1 text-center">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex gap-2">
        <Button
          variant="secondary"
          onClick={() => navigator.clipboard.writeText(codes.join("\n")).catch(() => undefined)}
        >
          Copy codes
        </Button>
        {continueHref ? (
          <Link className={buttonClass("primary")} href={continueHref}>
            I saved them — continue
          </Link>
        ) : (
          <Button
            onClick={() => {
              onDone();
              router.refresh();
            }}
          >
            I saved them
          </Button>
        )}
      </div>
    </div>
  );
}
