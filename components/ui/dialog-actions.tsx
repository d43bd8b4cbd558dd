"use client";

import { Button } from "./button";

/** The footer of a form in a <dialog>: Cancel closes it, the confirm button submits the form. */
export function DialogActions({
  dialogRef,
  confirmLabel,
  variant,
  isPending,
}: {
  dialogRef: React.RefObject<HTMLDialogElement | null>;
  confirmLabel: string;
  variant: "secondary" | "danger";
  isPending: boolean;
}) {
  return (
    <div className="mt-6 flex justify-end gap-2">
      <Button type="button" variant="secondary" onClick={() => dialogRef.current?.close()}>
        Cancel
      </Button>
      <Button type="submit" variant={variant === "danger" ? "danger" : "primary"} disabled={isPending}>
        {confirmLabel}
      </Button>
    </div>
  );
}
