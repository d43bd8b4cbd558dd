import type { Metadata } from "next";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { DevicePolicyForm } from "@/components/devices/device-policy-form";
import { DeviceTable } from "@/components/devices/device-table";
import { OfflineRequestForm } from "@/components/devices/offline-request-form";
import { TransferAllowanceLine } from "@/components/devices/transfer-allowance";
import { SeatMeter } from "@/components/portal/license-status";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { formatDuration } from "@/components/ui/durations";
import { listOrgAuditEvents } from "@/lib/audit";
import { describeAnomaly, getDeviceOverview, toDeviceRows } from "@/lib/devices";
import { viewerOf } from "@/lib/auth/viewer";
import { licenseMachine } from "@/lib/licensing";
import { availableActions } from "@/lib/state-machine";
import { INACTIVE_AFTER_DAY_CHOICES } from "@/lib/validations/devices";
import { loadLicense } from "../load-license";
import {
  activateOfflineAction,
  deactivateDevicesAction,
  deactivateOfflineAction,
  listDeviceRowsAction,
  reactivateDeviceAction,
  renameDeviceAction,
  updateDevicePolicyAction,
} from "./actions";

export const metadata: Metadata = { title: "Devices" };

export default async function LicenseDevicesPage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const [overview, activity] = await Promise.all([
    getDeviceOverview(ctx, licenseId),
    listOrgAuditEvents(ctx, { subjectType: "license", subjectId: licenseId, actionPrefix: "device", limit: 20 }),
  ]);
  const now = ctx.now();
  const { seats, policy } = overview;
  const viewer = viewerOf(ctx);
  const licenseActions = availableActions(licenseMachine, license, viewer);
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Devices"
        description={
          <>
            Machines using this license. A device holds a seat while it is active; deactivate one to move its seat to
            another machine. <span className="font-mono text-xs">License {license.id}</span>
          </>
        }
        actions={
          <div className="text-right">
            <SeatMeter used={seats.used} total={seats.total} />
            <p className="mt-1 text-xs text-slate-500">seats in use</p>
          </div>
        }
      />
      <div className="space-y-6">
        {overview.openAnomalies.map((anomaly) => (
          <Alert key={anomaly.id} tone="warning" title="Unusual activation activity">
            {describeAnomaly(anomaly)} (noticed <Time date={anomaly.raisedAt} now={now} mode="relative" />
            .) Nothing was blocked. If you do not recognise this, deactivate unknown devices below and replace the key
            from the license page.
          </Alert>
        ))}

        <Card aria-labelledby="device-list">
          <CardHeader
            id="device-list"
            title={`${seats.used} of ${seats.total} seats in use`}
            description={
              policy.inactiveAfterDays === null
                ? "Devices keep their seat until they are deactivated."
                : `A device that has not checked in for ${policy.inactiveAfterDays} days becomes inactive and frees its seat.`
            }
          />
          {overview.transfers ? (
            <div className="border-b border-slate-200 px-5 py-3">
              <TransferAllowanceLine allowance={overview.transfers} now={now} />
            </div>
          ) : null}
          {overview.devices.length === 0 ? (
            <EmptyState title="No devices yet">
              Devices appear here when your software activates this license, or when you activate an offline machine
              below.
            </EmptyState>
          ) : (
            <DeviceTable
              licenseId={license.id}
              devices={toDeviceRows(ctx, overview.devices)}
              now={now}
              canReactivate={licenseActions.has("reactivateDevice")}
              list={listDeviceRowsAction}
              deactivate={deactivateDevicesAction}
              reactivate={reactivateDeviceAction}
              rename={renameDeviceAction}
            />
          )}
        </Card>

        <Card aria-labelledby="device-policy">
          <CardHeader
            id="device-policy"
            title="When devices stop checking in"
            description={`Running software renews its lease every ${formatDuration(policy.leaseMinutes / 2)} or so; a device that cannot reach us keeps working for ${license.offlineGraceDays} days.`}
          />
          {ctx.memberRole === "owner" ? (
            <DevicePolicyForm
              licenseId={license.id}
              inactiveAfterDays={policy.inactiveAfterDays}
              isAnomalyNoticeWanted={policy.isAnomalyNoticeWanted}
              dayChoices={INACTIVE_AFTER_DAY_CHOICES}
              action={updateDevicePolicyAction}
            />
          ) : (
            <p className="px-5 py-4 text-sm text-slate-600">
              Only an owner of your organization can change these settings.
            </p>
          )}
        </Card>

        <Card aria-labelledby="offline">
          <CardHeader
            id="offline"
            title="Offline activation"
            description="For machines that never connect to the internet. The software saves a request file; bring it here and take the answer back to the machine."
          />
          <div className="grid grid-cols-1 gap-6 px-5 py-4 md:grid-cols-2">
            <section aria-labelledby="offline-activate">
              <h3 id="offline-activate" className="mb-2 text-sm font-semibold text-slate-900">
                Activate a machine
              </h3>
              {licenseActions.has("activateDevice") ? (
                <OfflineRequestForm
                  licenseId={license.id}
                  fileLabel="Activation request file"
                  submitLabel="Activate offline"
                  downloadLabel="Download license file"
                  successText="is activated. Copy this license file to it."
                  action={activateOfflineAction}
                />
              ) : (
                <p className="text-sm text-slate-600">Machines can be activated while the license is active.</p>
              )}
            </section>
            <section aria-labelledby="offline-deactivate">
              <h3 id="offline-deactivate" className="mb-2 text-sm font-semibold text-slate-900">
                Deactivate a machine
              </h3>
              <OfflineRequestForm
                licenseId={license.id}
                fileLabel="Deactivation request file"
                submitLabel="Deactivate offline"
                downloadLabel="Download deactivation receipt"
                successText="is deactivated and its seat is free. Keep the receipt as proof."
                action={deactivateOfflineAction}
              />
            </section>
          </div>
        </Card>

        <Card aria-labelledby="device-activity">
          <CardHeader
            id="device-activity"
            title="Device activity"
            description="Every device change on this license, newest first."
          />
          {activity.events.length === 0 ? (
            <EmptyState title="No device activity yet" />
          ) : (
            <AuditEventList label="Device activity" events={activity.events} now={now} />
          )}
        </Card>
      </div>
    </>
  );
}
