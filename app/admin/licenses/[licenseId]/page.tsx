import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { DeliveriesTable } from "@/components/admin/deliveries-table";
import { ActionFields, type ActionField } from "@/components/admin/action-fields";
import { CustomerActionReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { LicenseStatusBadge, SeatMeter } from "@/components/portal/license-status";
import { KeyAdoptionCard } from "@/components/rotation/key-adoption-card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DEVICE_STATUS_TONE, LICENSE_KEY_STATE_TONE, ROTATION_STATE_TONE } from "@/components/ui/state-tones";
import { Card, CardHeader } from "@/components/ui/card";
import { Detail } from "@/components/ui/detail";
import { formatDuration } from "@/components/ui/durations";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UsageHistoryTable, UsageMeters } from "@/components/usage/usage-meters";
import { SimpleTable } from "@/components/ui/simple-table";
import { ExactTime, Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { TransferAllowanceLine } from "@/components/devices/transfer-allowance";
import { viewerOf } from "@/lib/auth/viewer";
import { NotFound } from "@/lib/errors";
import { isRevoking, loadStaffLicenseView, maskLicenseKey } from "@/lib/licensing";
import { licenseIdSchema } from "@/lib/validations/licenses";
import { overlapMinutesWithin, revocationReasonCodeLabels } from "@/lib/validations/choices";
import { resendNoticeAction, retryDeliveryAction } from "../../deliveries/actions";
import {
  changeEditionAction,
  changeSeatsAction,
  deactivateDeviceAction,
  endTermAction,
  extendExpiryAction,
  reissueKeyAction,
  resumeLicenseAction,
  revokeLicenseAction,
  suspendLicenseAction,
  undoRevocationAction,
  waiveDeviceTransfersAction,
} from "./actions";
import { DevicePlatform } from "@/components/devices/device-platform";

export const metadata: Metadata = { title: "License · Support" };

const EXPIRY_STRATEGY_NAMES = {
  restrict: "restrict",
  maintain_access: "maintain access",
  revoke_after_grace: "revoke after grace",
} as const;

const AWAITING_APPROVAL =
  "Sent for approval: nothing changes until a second staff member approves it on the Approvals page.";

async function loadView(licenseId: string) {
  const ctx = await requireStaffContext();
  if (!licenseIdSchema.safeParse(licenseId).success) notFound();
  try {
    return { ctx, view: await loadStaffLicenseView(ctx, licenseId) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

/** Overlaps support may choose: the usual choices inside the policy, plus its own bounds. */
function overlapOptions(policy: { minOverlapMinutes: number; maxOverlapMinutes: number }) {
  const minutes = new Set<number>([
    policy.minOverlapMinutes,
    policy.maxOverlapMinutes,
    ...overlapMinutesWithin(policy),
  ]);
  return [...minutes]
    .sort((a, b) => a - b)
    .map((value) => ({
      value: String(value),
      label: value === 0 ? "No overlap (old key stops now)" : formatDuration(value),
    }));
}

export default async function StaffLicensePage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, view } = await loadView(licenseId);
  const { license } = view;
  const now = ctx.now();
  const hidden = { licenseId: license.id };
  const overlapChoices = overlapOptions(view.policy);
  const defaultOverlap =
    overlapChoices.find((choice) => Number(choice.value) >= 24 * 60)?.value ?? overlapChoices.at(-1)!.value;
  const reissueFields: ActionField[] = [
    {
      name: "overlapMinutes",
      label: "Keep the old key working for",
      type: "select",
      options: overlapChoices,
      defaultValue: defaultOverlap,
      hint: `This product's policy (version ${view.policy.version}) allows ${formatDuration(view.policy.minOverlapMinutes)} to ${formatDuration(view.policy.maxOverlapMinutes)}.`,
    },
  ];
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/admin/customers/${license.orgId}`} className="hover:underline">
            ← {license.orgName}
          </Link>
        }
        title={`${license.product.name} · ${license.edition.name}`}
        description={<span className="font-mono text-xs">License {license.id}</span>}
        actions={<LicenseStatusBadge status={license.status} isExpiringSoon={license.isExpiringSoon} />}
      />
      <div className="space-y-6">
        {isRevoking(license.status) && license.revokesAt ? (
          <Alert tone="warning" title="Revocation pending">
            Clients get SUSPENDED now. The revocation becomes permanent <ExactTime date={license.revokesAt} /> (
            <Time date={license.revokesAt} now={now} mode="relative" />) unless it is undone.
          </Alert>
        ) : null}

        <Card aria-labelledby="overview">
          <CardHeader id="overview" title="Overview" />
          <dl className="grid gap-x-6 gap-y-4 px-5 py-4 sm:grid-cols-4">
            <Detail label="Status">
              <LicenseStatusBadge status={license.status} />
            </Detail>
            <Detail label="Seats">
              <SeatMeter used={view.activeDevices} total={license.seats} />
            </Detail>
            <Detail label="Expires">{license.expiresAt ? <Time date={license.expiresAt} now={now} /> : "Never"}</Detail>
            <Detail label="Policy">
              version {view.policy.version} · undo window {view.policy.revocationUndoHours} h
            </Detail>
          </dl>
        </Card>

        <Card aria-labelledby="actions">
          <CardHeader
            id="actions"
            title="Support actions"
            description="Each action asks for a reason, is recorded in the audit log, and tells the customer where it affects them."
          />
          <div className="flex flex-wrap gap-3 px-5 py-4">
            {view.actions.has("reissueKey") ? (
              <ActionDialog
                triggerLabel="Reissue key"
                title="Reissue this license's key?"
                impact={
                  <ul className="list-disc space-y-1 pl-5">
                    <li>A new key is issued and works immediately; the customer copies it from their license page.</li>
                    <li>
                      The current key {view.activeKey ? <code>{maskLicenseKey(view.activeKey.prefix)}</code> : null}{" "}
                      keeps working (VALID_ROTATING) for the overlap you choose, then retires.
                    </li>
                    <li>
                      {view.activeDevices} active device{view.activeDevices === 1 ? "" : "s"} need the new key before
                      then. The owners and email channels are notified.
                    </li>
                  </ul>
                }
                hidden={hidden}
                confirmLabel="Reissue key"
                successMessage="Reissued. The customer has been notified; the old key keeps working for the overlap."
                action={reissueKeyAction}
              >
                <ActionFields fields={reissueFields} />
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("suspend") ? (
              <ActionDialog
                triggerLabel="Suspend"
                title="Suspend this license?"
                impact={
                  <p>
                    Every key of this license answers SUSPENDED from now until you resume it; {view.activeDevices}{" "}
                    active device{view.activeDevices === 1 ? "" : "s"} stop working. Nothing is lost: resuming restores
                    everything. The customer is notified.
                  </p>
                }
                hidden={hidden}
                confirmLabel="Suspend license"
                successMessage="Suspended."
                variant="danger"
                action={suspendLicenseAction}
              >
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("resume") ? (
              <ActionDialog
                triggerLabel="Resume"
                title="Resume this license?"
                impact={
                  <p>The license becomes active again and its keys validate at once. The customer is notified.</p>
                }
                hidden={hidden}
                confirmLabel="Resume license"
                successMessage="Resumed."
                action={resumeLicenseAction}
              >
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("revoke") ? (
              <ActionDialog
                triggerLabel="Revoke…"
                title="Revoke this license?"
                impact={
                  <ul className="list-disc space-y-1 pl-5">
                    <li>
                      Keys that stop working:{" "}
                      {view.preview.keys.length
                        ? view.preview.keys.map((key) => (
                            <code key={key.prefix} className="mr-1">
                              {maskLicenseKey(key.prefix)} ({key.state})
                            </code>
                          ))
                        : "none"}
                    </li>
                    <li>
                      {view.preview.activeDevices} active device{view.preview.activeDevices === 1 ? "" : "s"} lose the
                      license.
                    </li>
                    <li>
                      Clients get SUSPENDED immediately. The revocation becomes permanent after {view.preview.undoHours}{" "}
                      hours (about <ExactTime date={view.preview.permanentAt} />
                      ); until then you or the customer can undo it.
                    </li>
                    <li>Emergency revocation skips the wait: permanent now, keys in the revocation feed at once.</li>
                    <li>The customer is notified, with how to get a new key.</li>
                    {view.fourEyes.licenseRevoke ? (
                      <li>
                        The approval policy requires a second person: nothing changes until an admin other than you
                        approves. Suspend the license meanwhile if it must stop at once.
                      </li>
                    ) : null}
                  </ul>
                }
                hidden={hidden}
                confirmLabel={view.fourEyes.licenseRevoke ? "Ask for approval" : "Revoke license"}
                successMessage="Revocation recorded."
                awaitingApprovalMessage={AWAITING_APPROVAL}
                variant="danger"
                action={revokeLicenseAction}
              >
                <ActionFields
                  fields={[
                    {
                      name: "isEmergency",
                      label: "Emergency: revoke permanently now, without the undo window",
                      type: "checkbox",
                      hint: "For a compromised or fraudulent license only.",
                    },
                    {
                      name: "reasonCode",
                      label: "Revocation code (public: published in the revocation feed)",
                      type: "select",
                      defaultValue: "unspecified",
                      options: Object.entries(revocationReasonCodeLabels).map(([value, label]) => ({ value, label })),
                      hint: "Client software sees only this code, never your note or message.",
                    },
                  ]}
                />
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("undoRevocation") ? (
              <ActionDialog
                triggerLabel="Undo revocation"
                title="Undo this revocation?"
                impact={
                  <p>
                    The license returns to the status it had before the revocation and its keys work again. The customer
                    is notified.
                  </p>
                }
                hidden={hidden}
                confirmLabel="Undo revocation"
                successMessage="Revocation undone."
                action={undoRevocationAction}
              >
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("extendExpiry") ? (
              <ActionDialog
                triggerLabel="Extend expiry"
                title="Extend the expiry?"
                impact={
                  <p>
                    Currently{" "}
                    {license.expiresAt ? (
                      <>
                        expires <ExactTime date={license.expiresAt} />
                      </>
                    ) : (
                      "never expires"
                    )}
                    . An expired license becomes active again with its existing key.
                    {view.fourEyes.extendBeyondDays
                      ? ` The approval policy requires a second person for more than ${view.fourEyes.extendBeyondDays} days.`
                      : null}
                  </p>
                }
                hidden={hidden}
                confirmLabel="Extend expiry"
                successMessage="Expiry extended."
                awaitingApprovalMessage={AWAITING_APPROVAL}
                action={extendExpiryAction}
              >
                <ActionFields
                  fields={[
                    {
                      name: "expiresAt",
                      label: "New expiry date (end of day, UTC)",
                      type: "date",
                      defaultValue: license.expiresAt?.toISOString().slice(0, 10),
                    },
                  ]}
                />
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("endTerm") && view.termEnd ? (
              <ActionDialog
                triggerLabel="End the term now…"
                title="End this license's term now?"
                impact={
                  <ul className="list-disc space-y-1 pl-5">
                    <li>
                      The term ends now instead of{" "}
                      {license.expiresAt ? <ExactTime date={license.expiresAt} /> : "never"}; the edition&apos;s expiry
                      strategy ({EXPIRY_STRATEGY_NAMES[view.termEnd.strategy]}) applies from then.
                    </li>
                    <li>
                      {view.termEnd.graceEndsAt ? (
                        <>
                          Everything keeps working until <ExactTime date={view.termEnd.graceEndsAt} /> (the
                          policy&apos;s grace after expiry); clients hear EXPIRED with the grace end.
                        </>
                      ) : (
                        "The policy gives no grace after expiry: the strategy applies at once."
                      )}
                    </li>
                    <li>
                      {view.termEnd.keptAfterGrace
                        ? `Then ${view.termEnd.keptAfterGrace}; clients hear EXPIRED with what they keep.`
                        : "Then every key of this license stops validating (EXPIRED)."}
                    </li>
                    {view.termEnd.downloadsReleasedBefore ? (
                      <li>
                        Releases published before <ExactTime date={view.termEnd.downloadsReleasedBefore} /> stay
                        downloadable; later ones are not offered to this license.
                      </li>
                    ) : null}
                    <li>
                      The owners are emailed what keeps working and where to renew. To undo it, extend the expiry.
                    </li>
                    {ctx.actor.role === "admin" ? null : (
                      <li>
                        Ending a term is an admin&apos;s decision: nothing changes until an admin approves your request.
                      </li>
                    )}
                  </ul>
                }
                hidden={hidden}
                confirmLabel={ctx.actor.role === "admin" ? "End the term now" : "Ask for approval"}
                successMessage="Term ended; the owners have been emailed."
                awaitingApprovalMessage={AWAITING_APPROVAL}
                variant="danger"
                action={endTermAction}
              >
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("changeSeats") ? (
              <ActionDialog
                triggerLabel="Change seats"
                title="Change the number of seats?"
                impact={
                  <p>
                    {view.activeDevices} of {license.seats} seats are in use. Seats cannot go below the active devices:
                    deactivate devices first (below).
                  </p>
                }
                hidden={hidden}
                confirmLabel="Change seats"
                successMessage="Seats changed."
                action={changeSeatsAction}
              >
                <ActionFields
                  fields={[
                    { name: "seats", label: "Seats", type: "number", min: 1, defaultValue: String(license.seats) },
                  ]}
                />
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
            {view.actions.has("changeEdition") && view.otherEditions.length > 0 ? (
              <ActionDialog
                triggerLabel="Change edition"
                title="Move this license to another edition?"
                impact={
                  <p>
                    Upgrade or downgrade: the license gets the new edition&apos;s entitlements, keeps its key, seats and
                    devices, and clients see the change at their next validation or license-file refresh. The owners are
                    emailed.
                  </p>
                }
                hidden={hidden}
                confirmLabel="Change edition"
                successMessage="Edition changed; the owners have been emailed."
                action={changeEditionAction}
              >
                <ActionFields
                  fields={[
                    {
                      name: "editionId",
                      label: `New edition (now ${license.edition.name})`,
                      type: "select",
                      defaultValue: view.otherEditions[0]!.id,
                      options: view.otherEditions.map((edition) => ({
                        value: edition.id,
                        label: `${edition.name} — ${edition.entitlements.join(", ") || "no features"}`,
                      })),
                    },
                  ]}
                />
                <CustomerActionReasonFields />
              </ActionDialog>
            ) : null}
          </div>
        </Card>

        <Card aria-labelledby="keys">
          <CardHeader id="keys" title="Keys" description="Public prefixes only: support never sees key material." />
          {license.keys.length === 0 ? (
            <EmptyState title="No keys issued" />
          ) : (
            <SimpleTable
              caption="Keys of this license"
              headings={["Key", "State", "Created", "Activated", "Stops working"]}
            >
              {license.keys.map((key) => (
                <tr key={key.id}>
                  <td className="px-5 py-3 font-mono text-xs">{maskLicenseKey(key.prefix)}</td>
                  <td className="px-5 py-3">
                    <Badge tone={LICENSE_KEY_STATE_TONE[key.state]}>{key.state}</Badge>
                  </td>
                  <td className="px-5 py-3">
                    <Time date={key.createdAt} now={now} />
                  </td>
                  <td className="px-5 py-3">{key.activatedAt ? <Time date={key.activatedAt} now={now} /> : "—"}</td>
                  <td className="px-5 py-3">
                    {key.revokedAt ? (
                      <>
                        revoked <Time date={key.revokedAt} now={now} />
                      </>
                    ) : key.retiresAt ? (
                      <Time date={key.retiresAt} now={now} mode="relative" />
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="rotations">
          <CardHeader id="rotations" title="Rotation timeline" />
          {view.rotations.length === 0 ? (
            <EmptyState title="No rotations yet" />
          ) : (
            <SimpleTable caption="Rotation timeline" headings={["Kind", "State", "When", "Overlap", "Policy", "Why"]}>
              {view.rotations.map((rotation) => (
                <tr key={rotation.id}>
                  <td className="px-5 py-3">{rotation.kind}</td>
                  <td className="px-5 py-3">
                    <Badge tone={ROTATION_STATE_TONE[rotation.state]}>{rotation.state}</Badge>
                  </td>
                  <td className="px-5 py-3">
                    <Time date={rotation.scheduledFor} now={now} mode="relative" />
                  </td>
                  <td className="px-5 py-3">
                    {formatDuration(rotation.overlapMinutes)}
                    {rotation.overlapEndsAt ? (
                      <div className="text-xs text-slate-500">
                        until <ExactTime date={rotation.overlapEndsAt} />
                      </div>
                    ) : null}
                  </td>
                  <td className="px-5 py-3">
                    {rotation.policyVersion === null ? "default" : `v${rotation.policyVersion}`}
                  </td>
                  <td className="px-5 py-3 text-slate-700">
                    {rotation.reason}
                    {rotation.requestedBy ? (
                      <div className="text-xs text-slate-500">by {rotation.requestedBy}</div>
                    ) : null}
                    {rotation.lastError ? <div className="text-xs text-red-700">{rotation.lastError}</div> : null}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        {view.adoption ? <KeyAdoptionCard adoption={view.adoption} now={now} /> : null}

        <Card aria-labelledby="devices">
          <CardHeader
            id="devices"
            title="Devices"
            description={`${view.activeDevices} of ${license.seats} seats in use.`}
          />
          {view.transfers ? (
            <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
              <TransferAllowanceLine allowance={view.transfers} now={now} />
              {view.transfers.used > 0 ? (
                <ActionDialog
                  triggerLabel={
                    view.transfers.movesTo === "person" ? "Waive seat reassignments" : "Waive device transfers"
                  }
                  title={
                    view.transfers.movesTo === "person"
                      ? "Waive the counted seat reassignments?"
                      : "Waive the counted device transfers?"
                  }
                  impact={
                    <p>
                      The {view.transfers.used} transfer{view.transfers.used === 1 ? "" : "s"} counted in the last{" "}
                      {view.transfers.periodDays} days stop counting, so the customer may give seats to another{" "}
                      {view.transfers.movesTo} {view.transfers.limit} more times. The history is kept and this exception
                      is audited.
                    </p>
                  }
                  hidden={{ licenseId: license.id }}
                  confirmLabel="Waive transfers"
                  successMessage="Transfers waived: the full allowance is back."
                  action={waiveDeviceTransfersAction}
                >
                  <CustomerActionReasonFields />
                </ActionDialog>
              ) : null}
            </div>
          ) : null}
          {view.devices.length === 0 ? (
            <EmptyState title="No devices">
              Devices appear when the customer's software activates this license.
            </EmptyState>
          ) : (
            <SimpleTable caption="Devices of this license" headings={["Name", "Platform", "Status", "Last seen", ""]}>
              {view.devices.map((device) => (
                <tr key={device.id}>
                  <td className="px-5 py-3 font-medium">{device.name}</td>
                  <td className="px-5 py-3">
                    <DevicePlatform platform={device.platform} clientVersion={device.clientVersion} />
                  </td>
                  <td className="px-5 py-3">
                    <Badge tone={DEVICE_STATUS_TONE[device.status]}>{device.status}</Badge>
                  </td>
                  <td className="px-5 py-3">
                    {device.lastSeenAt ? <Time date={device.lastSeenAt} now={now} mode="relative" /> : "Never"}
                  </td>
                  <td className="px-5 py-3 text-right">
                    {device.mayDeactivate ? (
                      <ActionDialog
                        triggerLabel={`Deactivate ${device.name}`}
                        title={`Deactivate ${device.name}?`}
                        impact={
                          <p>
                            The device loses its seat now and is published in the revocation feed; the customer can
                            reactivate it later if a seat is free.
                          </p>
                        }
                        hidden={{ licenseId: license.id, deviceId: device.id }}
                        confirmLabel="Deactivate device"
                        successMessage="Deactivated."
                        action={deactivateDeviceAction}
                      >
                        <CustomerActionReasonFields />
                      </ActionDialog>
                    ) : null}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        {view.namedSeats ? (
          <Card aria-labelledby="named-seats">
            <CardHeader
              id="named-seats"
              title="Named seats"
              description={`${view.namedSeats.holders.length} of ${view.namedSeats.seats} seats assigned to people by the customer's owners.`}
            />
            {view.namedSeats.holders.length === 0 ? (
              <EmptyState title="No seat assigned" />
            ) : (
              <SimpleTable caption="People holding a seat of this license" headings={["Person", "Assigned"]}>
                {view.namedSeats.holders.map((holder) => (
                  <tr key={holder.userId}>
                    <td className="px-5 py-3 font-medium">{holder.email}</td>
                    <td className="px-5 py-3">
                      <Time date={holder.assignedAt} now={now} mode="relative" />
                    </td>
                  </tr>
                ))}
              </SimpleTable>
            )}
          </Card>
        ) : null}

        {view.floatingSeats ? (
          <Card aria-labelledby="floating-seats">
            <CardHeader
              id="floating-seats"
              title="Floating seats"
              description={`${view.floatingSeats.leases.length} of ${view.floatingSeats.seats} concurrent seats leased; leases last ${view.floatingSeats.floatingLeaseMinutes} minutes unrenewed, borrowing up to ${view.floatingSeats.maxBorrowDays} days.`}
            />
            {view.floatingSeats.leases.length === 0 ? (
              <EmptyState title="No seat leased" />
            ) : (
              <SimpleTable caption="Floating leases of this license" headings={["Held by", "Kind", "Until"]}>
                {view.floatingSeats.leases.map((lease) => (
                  <tr key={lease.id}>
                    <td className="px-5 py-3 font-medium">{lease.holderName}</td>
                    <td className="px-5 py-3">{lease.kind}</td>
                    <td className="px-5 py-3">
                      <Time date={lease.expiresAt} now={now} mode="relative" />
                    </td>
                  </tr>
                ))}
              </SimpleTable>
            )}
          </Card>
        ) : null}

        {view.usage.meters.length > 0 ? (
          <Card aria-labelledby="usage">
            <CardHeader id="usage" title="Usage quotas" description="This period's use of each metered entitlement." />
            <UsageMeters usage={view.usage} now={now} />
            {view.usage.history.length > 0 ? <UsageHistoryTable history={view.usage.history} now={now} /> : null}
          </Card>
        ) : null}

        <Card aria-labelledby="deliveries">
          <CardHeader
            id="deliveries"
            title="Notifications"
            description={
              <>
                Latest deliveries to this organization.{" "}
                <Link
                  className="font-medium text-brand-700 underline"
                  href={`/admin/customers/${license.orgId}#channels`}
                >
                  Channels and full history
                </Link>
              </>
            }
          />
          {view.deliveries.rows.length === 0 ? (
            <EmptyState title="Nothing sent yet" />
          ) : (
            <DeliveriesTable
              label="Latest deliveries"
              rows={view.deliveries.rows}
              now={now}
              retry={retryDeliveryAction}
              resend={resendNoticeAction}
              viewer={viewerOf(ctx)}
            />
          )}
        </Card>

        <Card aria-labelledby="audit">
          <CardHeader
            id="audit"
            title="Audit"
            description="Every change to this license, newest first, with who did it and why."
          />
          {view.audit.events.length === 0 ? (
            <EmptyState title="No activity yet" />
          ) : (
            <AuditEventList label="License audit" events={view.audit.events} now={now} />
          )}
        </Card>
      </div>
    </>
  );
}
