"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import type { DeviceAction } from "@/lib/devices/device-transitions";

interface RowDevice {
  id: string;
  name: string;
  actions: DeviceAction[];
}

const ACTION_LABEL: Record<DeviceAction, string> = { deactivate: "Deactivate", reactivate: "Reactivate" };

/**
 * What can be done to one device, from the device machine: rename it, and free its seat or give it a
 * seat back. Both are reversible, so they act at once and the table's toast offers Undo (issue 16
 * item 4); an inactive device holds no seat, so it offers only Reactivate.
 */
export function DeviceRowActions<N>({
  licenseId,
  device,
  canReactivate,
  isBusy,
  onDeactivate,
  onReactivate,
  rename,
}: {
  licenseId: string;
  device: RowDevice;
  canReactivate: boolean;
  isBusy: boolean;
  onDeactivate: () => void;
  onReactivate: () => void;
  rename: FormAction<N>;
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <RenameDeviceDialog licenseId={licenseId} device={device} action={rename} />
      {(["deactivate", "reactivate"] as const)
        .filter((action) => device.actions.includes(action) && (action === "deactivate" || canReactivate))
        .map((action) => (
          <Button
            key={action}
            type="button"
            variant="secondary"
            disabled={isBusy}
            aria-label={`${ACTION_LABEL[action]} ${device.name}`}
            onClick={action === "deactivate" ? onDeactivate : onReactivate}
          >
            {ACTION_LABEL[action]}
          </Button>
        ))}
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
