"use client";

import { useId, useRef } from "react";
import { Button } from "./button";

/**
 * A destructive action behind a native <dialog>: focus is trapped and Escape cancels, for free.
 * `children` is the form whose submit button performs the action.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerAriaLabel,
  title,
  description,
  children,
}: {
  triggerLabel: string;
  triggerAriaLabel?: string;
  title: string;
  description: React.ReactNode;
  children: React.ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        aria-label={triggerAriaLabel}
        onClick={() => dialogRef.current?.showModal()}
      >
        {triggerLabel}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-2 text-sm text-slate-600">{description}</div>
          <div className="mt-6 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            {children}
          </div>
        </div>
      </dialog>
    </>
  );
}
