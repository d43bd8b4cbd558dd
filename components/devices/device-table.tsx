"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TableScroll } from "@/components/ui/simple-table";
import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { formOf, settled } from "@/components/ui/action-result";
import { Alert } from "@/components/ui/alert";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/time";
import type { FormAction } from "@/lib/auth/action";
import type { DeviceAction } from "@/lib/devices/device-transitions";
import { DevicePlatform } from "./device-platform";
import { DeviceRowActions } from "./device-row-actions";

export interface DeviceRow {
  id: string;
  name: string;
  platform: string;
  clientVersion: string | null;
  status: "active" | "inactive" | "deactivated";
  activationMethod: "online" | "offline";
  activatedAt: Date;
  lastSeenAt: Date | null;
  /** What the viewer may do to it, from the device machine (issue 23). */
  actions: DeviceAction[];
}

const STATUS: Record<DeviceRow["status"], { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "green" },
  inactive: { label: "Inactive", tone: "amber" },
  deactivated: { label: "Deactivated", tone: "slate" },
};

/** How often the list asks for fresh heartbeats while the page is open. */
const DEVICE_POLL_MS = 30_000;

/**
 * Rows keep the order they were first shown in: a deactivated device stays where the person's
 * pointer is instead of jumping to the end (the server sorts by status).
 */
function inStableOrder(devices: DeviceRow[], order: string[]): DeviceRow[] {
  for (const device of devices) if (!order.includes(device.id)) order.push(device.id);
  return [...devices].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/**
 * The license's devices with what can be done to each, live (issue 16 item 11): the list polls for
 * heartbeats, and deactivating one is reversible, so it happens at once in the list (rolled back if
 * the server refuses) with a toast offering Undo (item 4). A bulk selection frees several seats
 * at once, confirmed, naming every device it will deactivate.
 */
export function DeviceTable<R, N>({
  licenseId,
  devices: initialDevices,
  now,
  canReactivate,
  list,
  deactivate,
  reactivate,
  rename,
}: {
  licenseId: string;
  devices: DeviceRow[];
  now: Date;
  canReactivate: boolean;
  list: FormAction<DeviceRow[]>;
  deactivate: FormAction<{ deactivated: string[] }>;
  reactivate: FormAction<R>;
  rename: FormAction<N>;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const queryKey = ["devices", licenseId];
  const order = useRef<string[]>([]);
  const { data: devices = initialDevices } = useQuery({
    queryKey,
    queryFn: () => settled(list(null, formOf({ licenseId }))),
    initialData: initialDevices,
    refetchInterval: DEVICE_POLL_MS,
  });
  // Every page the server sends (a visit, or the answer to an action that revalidated it) holds fresh
  // rows; the cache from an earlier visit of this tab would otherwise win, as `initialData` only
  // seeds an empty cache.
  useEffect(() => {
    queryClient.setQueryData(["devices", licenseId], initialDevices);
  }, [queryClient, licenseId, initialDevices]);
  const setStatus = (deviceId: string, status: DeviceRow["status"], actions: DeviceAction[]) =>
    queryClient.setQueryData<DeviceRow[]>(queryKey, (rows = []) =>
      rows.map((row) => (row.id === deviceId ? { ...row, status, actions } : row)),
    );
  const reactivateNow = (device: DeviceRow) =>
    settled(reactivate(null, formOf({ licenseId, deviceId: device.id }))).then(
      () => ({ ok: true, message: `${device.name} is active again and holds a seat.` }),
      (error: Error) => ({ ok: false, message: error.message }),
    );
  const deactivateOne = useMutation({
    mutationFn: (device: DeviceRow) => settled(deactivate(null, formOf({ licenseId, deviceIds: device.id }))),
    onMutate: async (device) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<DeviceRow[]>(queryKey);
      setStatus(device.id, "deactivated", canReactivate ? ["reactivate"] : []);
      return { previous };
    },
    onError: (error, _device, context) => {
      queryClient.setQueryData(queryKey, context?.previous);
      toast({ message: error.message, tone: "error" });
    },
    onSuccess: (_data, device) =>
      toast({
        message: `${device.name} is deactivated; its seat is free.`,
        undo: async () => {
          const undone = await reactivateNow(device);
          await queryClient.invalidateQueries({ queryKey });
          return undone;
        },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const reactivateOne = useMutation({
    mutationFn: reactivateNow,
    onSuccess: (result) => toast({ message: result.message, tone: result.ok ? "success" : "error" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const rows = inStableOrder(devices, order.current);
  const [selected, setSelected] = useState<string[]>([]);
  const clearSelection = useCallback(() => {
    setSelected([]);
    void queryClient.invalidateQueries({ queryKey: ["devices", licenseId] });
  }, [queryClient, licenseId]);
  const selectable = rows.filter((device) => device.actions.includes("deactivate"));
  const chosen = selectable.filter((device) => selected.includes(device.id));
  const toggle = (id: string, isChecked: boolean) =>
    setSelected((current) => (isChecked ? [...current, id] : current.filter((other) => other !== id)));
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {chosen.length === 0 ? "Select devices to deactivate several at once." : `${chosen.length} selected`}
        </p>
        <BulkDeactivateDialog licenseId={licenseId} chosen={chosen} action={deactivate} onDone={clearSelection} />
      </div>
      <TableScroll label="Devices bound to this license">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Devices bound to this license</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="w-10 px-5 py-3">
                <input
                  type="checkbox"
                  aria-label="Select all devices that can be deactivated"
                  checked={selectable.length > 0 && chosen.length === selectable.length}
                  disabled={selectable.length === 0}
                  onChange={(event) => setSelected(event.target.checked ? selectable.map((device) => device.id) : [])}
                />
              </th>
              <th scope="col" className="px-5 py-3">
                Name
              </th>
              <th scope="col" className="px-5 py-3">
                Platform
              </th>
              <th scope="col" className="px-5 py-3">
                Status
              </th>
              <th scope="col" className="px-5 py-3">
                Activated
              </th>
              <th scope="col" className="px-5 py-3">
                Last seen
              </th>
              <th scope="col" className="px-5 py-3 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((device) => (
              <tr key={device.id}>
                <td className="px-5 py-3 align-top">
                  <input
                    type="checkbox"
                    aria-label={`Select ${device.name}`}
                    checked={selected.includes(device.id)}
                    disabled={!device.actions.includes("deactivate")}
                    onChange={(event) => toggle(device.id, event.target.checked)}
                  />
                </td>
                <td className="px-5 py-3 align-top font-medium">
                  {device.name}
                  {device.activationMethod === "offline" ? (
                    <span className="ml-2">
                      <Badge tone="blue">Offline</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="px-5 py-3 align-top text-slate-700">
                  <DevicePlatform platform={device.platform} clientVersion={device.clientVersion} />
                </td>
                <td className="px-5 py-3 align-top">
                  <Badge tone={STATUS[device.status].tone}>{STATUS[device.status].label}</Badge>
                </td>
                <td className="px-5 py-3 align-top text-slate-700">
                  <LocalTime date={device.activatedAt} now={now} />
                </td>
                <td className="px-5 py-3 align-top text-slate-700">
                  {device.lastSeenAt ? <LocalTime date={device.lastSeenAt} now={now} /> : "Never"}
                </td>
                <td className="px-5 py-3 align-top">
                  <DeviceRowActions
                    licenseId={licenseId}
                    device={device}
                    canReactivate={canReactivate}
                    isBusy={deactivateOne.isPending || reactivateOne.isPending}
                    onDeactivate={() => deactivateOne.mutate(device)}
                    onReactivate={() => reactivateOne.mutate(device)}
                    rename={rename}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function BulkDeactivateDialog<D>({
  licenseId,
  chosen,
  action,
  onDone,
}: {
  licenseId: string;
  chosen: DeviceRow[];
  action: FormAction<D>;
  onDone: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, formAction, isPending] = useActionState(action, null);
  useEffect(() => {
    if (!state?.ok) return;
    dialogRef.current?.close();
    onDone();
  }, [state, onDone]);
  const title = `Deactivate ${chosen.length} ${chosen.length === 1 ? "device" : "devices"}?`;
  return (
    <div className="flex flex-col items-end gap-2">
      <Button
        type="button"
        variant="secondary"
        disabled={chosen.length === 0}
        onClick={() => dialogRef.current?.showModal()}
      >
        Deactivate selected
      </Button>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <dialog
        ref={dialogRef}
        aria-label={title}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} className="p-6">
          <h2 className="text-lg font-semibold">{title}</h2>
          <p className="mt-2 text-sm text-slate-600">
            Their seats are freed at once. You can reactivate any of them later while a seat is free.
          </p>
          <ul className="mt-3 list-disc pl-5 text-sm text-slate-800">
            {chosen.map((device) => (
              <li key={device.id}>{device.name}</li>
            ))}
          </ul>
          <input type="hidden" name="licenseId" value={licenseId} />
          {chosen.map((device) => (
            <input key={device.id} type="hidden" name="deviceIds" value={device.id} />
          ))}
          <div className="mt-6 flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={isPending || chosen.length === 0}>
              Deactivate devices
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
