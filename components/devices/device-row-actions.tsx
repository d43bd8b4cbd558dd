"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import type { DeviceAction } from "@/lib/devices/device-transitions";

interface RowDevice {
  id: string;
  name: string;
  actions: DeviceAction[];
}

/**
 * What can be done to one device: rename it, and free its seat (with confirmation) or give it a
 * seat back. A refused reactivation says beside the row which devices to free first.
 */
export function DeviceRowActions<D, R, N>({
  licenseId,
  device,
  canReactivate,
  deactivate,
  reactivate,
  rename,
}: {
  licenseId: string;
  device: RowDevice;
  canReactivate: boolean;
  deactivate: FormAction<D>;
  reactivate: FormAction<R>;
  rename: FormAction<N>;
}) {
  const [deactivateState, deactivateAction, isDeactivating] = useActionState(deactivate, null);
  const [reactivateState, reactivateAction, isReactivating] = useActionState(reactivate, null);
  const failure = [deactivateState, reactivateState].find((state) => state && !state.ok);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <RenameDeviceDialog licenseId={licenseId} device={device} action={rename} />
        {!device.actions.includes("deactivate") ? null : (
          <ConfirmDialog
            triggerLabel="Deactivate"
            triggerAriaLabel={`Deactivate ${device.name}`}
            title={`Deactivate ${device.name}?`}
            description="Its seat is freed at once and the software on it stops at its next check. You can reactivate it later while a seat is free."
          >
            <form action={deactivateAction}>
              <input type="hidden" name="licenseId" value={licenseId} />
              <input type="hidden" name="deviceIds" value={device.id} />
              <Button type="submit" variant="danger" disabled={isDeactivating}>
                {isDeactivating ? "Deactivating…" : "Deactivate device"}
              </Button>
            </form>
          </ConfirmDialog>
        )}
        {device.actions.includes("reactivate") && canReactivate ? (
          <form action={reactivateAction}>
            <input type="hidden" name="licenseId" value={licenseId} />
            <input type="hidden" name="deviceId" value={device.id} />
            <Button
              type="submit"
              variant="secondary"
              disabled={isReactivating}
              aria-label={`Reactivate ${device.name}`}
            >
              {isReactivating ? "Reactivating…" : "Reactivate"}
            </Button>
          </form>
        ) : null}
      </div>
      {failure && !failure.ok ? <Alert tone="error">{failure.message}</Alert> : null}
    </div>
  );
}

function RenameDeviceDialog<N>({
  licenseId,
  device,
  action,
}: {
  licenseId: string;
  device: RowDevice;
  action: FormAction<N>;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, formAction, isPending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  useEffect(() => {
    if (state?.ok) dialogRef.current?.close();
  }, [state]);
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        aria-label={`Rename ${device.name}`}
        onClick={() => dialogRef.current?.showModal()}
      >
        Rename
      </Button>
      <dialog
        ref={dialogRef}
        aria-label={`Rename ${device.name}`}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} className="space-y-4 p-6" noValidate>
          <h2 className="text-lg font-semibold">Rename {device.name}</h2>
          {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
          <input type="hidden" name="licenseId" value={licenseId} />
          <input type="hidden" name="deviceId" value={device.id} />
          <Field label="Device name" name={`name-${device.id}`} errors={failure?.fieldErrors?.name}>
            {(props) => <input {...props} name="name" defaultValue={device.name} maxLength={100} autoComplete="off" />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" disabled={isPending}>
              Save name
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
