"use client";

import { useActionState, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/auth/action";
import { NewKeyOnce, type RotatedKey } from "./new-key-once";
import { OldKeyEnd, describeActiveDevices } from "./rotation-preview";

/**
 * "Rotate now" with a dry-run preview: before confirming, the customer sees exactly when the old
 * key stops working for the overlap they pick and how many devices currently use it. The stop time
 * counts from the moment the dialog opens, so it exists only in the browser: computed during the
 * server render it differed from the hydrating render (React error #418, issue 16 item 2).
 */
export function RotateNowDialog({
  licenseId,
  currentKeyMask,
  activeDevices,
  overlapChoices,
  defaultOverlap,
  timeZone,
  action,
}: {
  licenseId: string;
  currentKeyMask: string;
  activeDevices: number;
  overlapChoices: { minutes: number; label: string }[];
  defaultOverlap: number;
  /** The license's window zone, named beside the viewer's. */
  timeZone: string;
  action: FormAction<RotatedKey>;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [overlap, setOverlap] = useState(defaultOverlap);
  const [openedAt, setOpenedAt] = useState<Date | null>(null);
  const [state, formAction, isPending] = useActionState(action, null);
  const [isNewKeyDismissed, setIsNewKeyDismissed] = useState(false);

  return (
    <>
      <Button
        type="button"
        onClick={() => {
          setOpenedAt(new Date());
          setIsNewKeyDismissed(false);
          dialogRef.current?.showModal();
        }}
      >
        Rotate now
      </Button>
      {state?.ok && !isNewKeyDismissed ? (
        <NewKeyOnce licenseId={licenseId} rotated={state.data} onDone={() => setIsNewKeyDismissed(true)} />
      ) : state && !state.ok ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} onSubmit={() => dialogRef.current?.close()} className="p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            Rotate this key now?
          </h2>
          <input type="hidden" name="licenseId" value={licenseId} />
          <label htmlFor={`${titleId}-overlap`} className="mt-4 block text-sm font-medium text-slate-800">
            Keep the old key working for
          </label>
          <select
            id={`${titleId}-overlap`}
            name="overlapMinutes"
            value={overlap}
            onChange={(event) => setOverlap(Number(event.target.value))}
            className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
          >
            {overlapChoices.map((choice) => (
              <option key={choice.minutes} value={choice.minutes}>
                {choice.label}
              </option>
            ))}
          </select>
          <div
            role="region"
            aria-label="What will happen"
            className="mt-4 rounded-md bg-slate-50 p-4 text-sm text-slate-700"
          >
            <p className="font-semibold text-slate-900">What will happen</p>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              <li>A new key is issued and works immediately.</li>
              <li>
                Your current key <code>{currentKeyMask}</code>{" "}
                {openedAt ? (
                  <OldKeyEnd
                    overlapMinutes={overlap}
                    until={new Date(openedAt.getTime() + overlap * 60_000)}
                    definedIn={timeZone}
                  />
                ) : null}
                .
              </li>
              <li>{describeActiveDevices(activeDevices)}</li>
            </ul>
          </div>
          <div className="mt-6 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" disabled={isPending}>
              Rotate key
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
