import { TableScroll } from "@/components/ui/simple-table";
import { UsageMeters } from "@/components/usage/usage-meters";
import { type LicenseUsage, listLicenseUsage } from "@/lib/usage";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseStatusBadge, SeatMeter } from "@/components/portal/license-status";
import { LicenseEntitlements } from "@/components/licenses/license-entitlements";
import { LicenseKeyCard } from "@/components/licenses/license-key-card";
import { Badge } from "@/components/ui/badge";
import { DEVICE_STATUS_TONE } from "@/components/ui/state-tones";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Detail } from "@/components/ui/detail";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LicenseExpiry } from "@/components/licenses/license-expiry";
import { Time } from "@/components/ui/time";
import { describeAuditEvent } from "@/lib/audit";
import { PIN_EDITION_CODES } from "@/lib/devices";
import { ActivationPinForm } from "@/components/licenses/activation-pin-form";
import { TrialNotice } from "@/components/licenses/trial-notice";
import { Alert } from "@/components/ui/alert";
import { RotationFeedbackPrompt } from "@/components/rotation/rotation-feedback-prompt";
import { LiveRotationProgress } from "@/components/rotation/live-rotation-progress";
import { RotationCard } from "@/components/rotation/rotation-card";
import { LicenseStandingCard } from "@/components/licenses/license-standing-card";
import { RenewalNotice } from "@/components/licenses/renewal-notice";
import { appServices } from "@/lib/config/server";
import { requireSession } from "@/lib/auth/session";
import { isLive, isRevoking, loadLicenseView, maskLicenseKey, renewalLink } from "@/lib/licensing";
import { ReasonField } from "@/components/rotation/reason-field";
import { ActionDialog } from "@/components/ui/action-dialog";
import { ExactTime } from "@/components/ui/time";
import {
  clearActivationPinAction,
  emergencyRotateAction,
  setActivationPinAction,
  postponeRotationAction,
  revealLicenseKeyAction,
  rollbackRotationAction,
  requestRevocationAction,
  rotateNowAction,
  saveRotationPreferencesAction,
  undoPostponementAction,
  getRotationProgressAction,
  undoRevocationAction,
  submitRotationFeedbackAction,
} from "./actions";
import { loadLicense } from "./load-license";
import { AuditSentence } from "@/components/audit/audit-sentence";
import { DevicePlatform } from "@/components/devices/device-platform";

export const metadata: Metadata = { title: "License" };

const SECTIONS = [
  ["overview", "Overview"],
  ["key", "License key"],
  ["rotation", "Rotation"],
  ["devices", "Devices"],
  ["activity", "Activity"],
] as const;

export default async function LicensePage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  // Usage is independent of the rest of the view: read side by side, not after the page has rendered.
  const [view, usage] = await Promise.all([
    requireSession().then((session) => loadLicenseView(ctx, license, { session })),
    listLicenseUsage(ctx, license.id),
  ]);
  const keyCallbackUrl = `/licenses/${license.id}#key`;
  const now = ctx.now();
  const { renewalUrl } = appServices();
  const renewHref = renewalUrl
    ? renewalLink({ renewalUrl, portalUrl: appServices().publicUrl("/"), licenseId: license.id })
    : null;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/" className="hover:underline">
            ← All licenses
          </Link>
        }
        title={`${license.product.name} · ${license.edition.name}`}
        description={<span className="font-mono text-xs">License {license.id}</span>}
        actions={
          <span className="flex items-center gap-2">
            {license.isTrial ? <Badge tone="blue">Trial</Badge> : null}
            <LicenseStatusBadge status={license.status} isExpiringSoon={license.isExpiringSoon} />
            <ButtonLink href={`/licenses/${license.id}/downloads`}>Downloads</ButtonLink>
          </span>
        }
      />
      {license.isTrial && isLive(license) ? (
        <TrialNotice expiresAt={license.expiresAt} seats={license.seats} now={now} />
      ) : null}
      {license.convertedFromTrialAt ? (
        <div className="mb-6">
          <Alert tone="success">
            Converted from a trial on <Time date={license.convertedFromTrialAt} now={now} />. Your devices and settings
            were kept; install the new key shown under License key.
          </Alert>
        </div>
      ) : null}
      <nav aria-label="License sections" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200">
        {SECTIONS.map(([id, label]) => (
          <a
            key={id}
            href={`#${id}`}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900"
          >
            {label}
          </a>
        ))}
      </nav>
      <div className="space-y-6">
        {isRevoking(license.status) && license.revokesAt ? (
          <Alert tone="warning" title="This license is being revoked">
            <p>
              It is suspended now and becomes permanently revoked on <ExactTime date={license.revokesAt} />.{" "}
              {view.actions.has("undoRevocation")
                ? "If this is a mistake, undo it before then and everything works again at once."
                : "An owner of your organization can undo it before then: they open this license and choose Undo revocation in this notice."}
            </p>
            {view.actions.has("undoRevocation") ? (
              <div className="mt-3">
                <ActionDialog
                  hidden={{ licenseId: license.id }}
                  triggerLabel="Undo revocation"
                  title="Undo the revocation?"
                  description="The license and its key work again immediately."
                  confirmLabel="Undo revocation"
                  successMessage="Revocation undone."
                  action={undoRevocationAction}
                >
                  <ReasonField />
                </ActionDialog>
              </div>
            ) : null}
          </Alert>
        ) : null}
        {view.feedbackPrompt ? (
          <RotationFeedbackPrompt
            key={view.feedbackPrompt.rotationId}
            rotationId={view.feedbackPrompt.rotationId}
            completedLabel={<Time date={view.feedbackPrompt.completedAt} now={now} mode="relative" />}
            action={submitRotationFeedbackAction}
          />
        ) : null}
        <Card aria-labelledby="overview">
          <CardHeader id="overview" title="Overview" />
          <dl className="grid gap-x-6 gap-y-4 px-5 py-4 sm:grid-cols-3">
            <Detail label="Valid from">
              <Time date={license.startsAt} now={now} />
            </Detail>
            <Detail label="Expires">
              <LicenseExpiry expiresAt={license.expiresAt} now={now} />
            </Detail>
            <Detail label="Seats">
              <SeatMeter used={view.activeDevices} total={license.seats} />
            </Detail>
            <Detail label="Offline grace">{license.offlineGraceDays} days</Detail>
            <Detail label="Product code">
              <code className="text-xs">{license.product.code}</code>
            </Detail>
            <Detail label="Edition code">
              <code className="text-xs">{license.edition.code}</code>
            </Detail>
          </dl>
          {license.expiresAt ? (
            <RenewalNotice
              licenseId={license.id}
              expiresAt={license.expiresAt}
              graceEndsAt={view.graceEndsAt!}
              graceDays={view.policy.expiryGraceDays}
              renewHref={renewHref}
              accessAfterExpiry={view.accessAfterExpiry}
              now={now}
            />
          ) : null}
          <LicenseEntitlements entitlements={license.entitlements} showCodes />
        </Card>

        <LicenseKeyCard
          licenseId={license.id}
          keys={license.keys}
          keyBlock={view.keyBlock}
          revealAction={revealLicenseKeyAction}
          callbackUrl={keyCallbackUrl}
          enrolHref="/settings/security"
          licenseFileHref={view.actions.has("issueLicenseFile") ? `/licenses/${license.id}/license-file` : null}
        />

        {view.standing ? (
          <LicenseStandingCard
            licenseId={license.id}
            standing={view.standing}
            renewHref={renewHref}
            accessAfterExpiry={view.accessAfterExpiry}
            now={now}
          />
        ) : (
          <RotationCard
            licenseId={license.id}
            now={now}
            overview={view.rotation}
            policy={view.policy}
            currentKeyMask={view.activeKey ? maskLicenseKey(view.activeKey.prefix) : null}
            activeDevices={view.activeDevices}
            controls={view.rotationControls}
            savePreferences={saveRotationPreferencesAction}
            rotate={rotateNowAction}
            postpone={postponeRotationAction}
            undoPostpone={undoPostponementAction}
            rollback={rollbackRotationAction}
            emergency={emergencyRotateAction}
          />
        )}

        <LiveRotationProgress
          licenseId={license.id}
          initial={view.progress}
          now={now}
          load={getRotationProgressAction}
        />

        <Card aria-labelledby="devices">
          <CardHeader
            id="devices"
            title="Devices"
            description={`${view.activeDevices} of ${license.seats} seats in use.`}
            actions={
              <>
                {license.edition.seatModel === "floating" ? (
                  <ButtonLink href={`/licenses/${license.id}/floating-seats`}>Floating seats</ButtonLink>
                ) : null}
                {license.edition.seatModel === "user" ? (
                  <ButtonLink href={`/licenses/${license.id}/seats`}>Named seats</ButtonLink>
                ) : null}
                <ButtonLink href={`/licenses/${license.id}/devices`}>Manage devices</ButtonLink>
              </>
            }
          />
          {view.devices.length === 0 ? (
            <EmptyState title="No devices yet">
              Devices appear here when your software activates this license, or when you activate an offline machine
              under Manage devices.
            </EmptyState>
          ) : (
            <TableScroll label="Devices bound to this license">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Devices bound to this license</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
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
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.devices.map((device) => (
                    <tr key={device.id}>
                      <td className="px-5 py-3 font-medium">{device.name}</td>
                      <td className="px-5 py-3 text-slate-700">
                        <DevicePlatform platform={device.platform} clientVersion={device.clientVersion} />
                      </td>
                      <td className="px-5 py-3">
                        <Badge tone={DEVICE_STATUS_TONE[device.status]}>{device.status}</Badge>
                      </td>
                      <td className="px-5 py-3 text-slate-700">
                        <Time date={device.activatedAt} now={now} />
                      </td>
                      <td className="px-5 py-3 text-slate-700">
                        {device.lastSeenAt ? <Time date={device.lastSeenAt} now={now} mode="relative" /> : "Never"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </Card>

        <UsageCard usage={usage} licenseId={license.id} now={now} />

        {view.actions.has("revoke") ? (
          <Card aria-labelledby="revoke">
            <CardHeader
              id="revoke"
              title="Revoke this license"
              description="For a license you no longer use. To replace a leaked key, use “Replace a leaked key” under Rotation instead."
            />
            <div className="px-5 py-4">
              <ActionDialog
                hidden={{ licenseId: license.id }}
                triggerLabel="Request revocation"
                title="Revoke this license?"
                description={
                  <ul className="list-disc space-y-1 pl-5">
                    <li>
                      {view.revocation.keys.length} key{view.revocation.keys.length === 1 ? "" : "s"} and{" "}
                      {view.revocation.activeDevices} active device{view.revocation.activeDevices === 1 ? "" : "s"} stop
                      working now (the license is suspended).
                    </li>
                    <li>
                      {view.revocation.undoHours > 0
                        ? `You can undo it for ${view.revocation.undoHours} hours; after that it is permanent.`
                        : "This product revokes at once: it cannot be undone."}
                    </li>
                  </ul>
                }
                confirmLabel="Revoke license"
                successMessage="Revocation requested."
                variant="danger"
                action={requestRevocationAction}
              >
                <ReasonField />
              </ActionDialog>
            </div>
          </Card>
        ) : null}

        {PIN_EDITION_CODES.includes(license.edition.code) ? (
          <Card aria-labelledby="activation-pin">
            <CardHeader
              id="activation-pin"
              title="License PIN"
              description="An extra check for enterprise fleets: new devices must enter this PIN to activate. Devices already activated are never asked."
            />
            <ActivationPinForm
              licenseId={license.id}
              mode={license.activationPinMode}
              isOwner={ctx.memberRole === "owner"}
              setAction={setActivationPinAction}
              clearAction={clearActivationPinAction}
            />
          </Card>
        ) : null}

        <Card aria-labelledby="license-notifications">
          <CardHeader
            id="license-notifications"
            title="Notifications"
            description="Choose which of your organization's channels hear about this license."
            actions={<ButtonLink href={`/licenses/${license.id}/notifications`}>Notification settings</ButtonLink>}
          />
        </Card>

        <Card aria-labelledby="activity">
          <CardHeader id="activity" title="Activity" description="Every change to this license, newest first." />
          {view.audit.events.length === 0 ? (
            <EmptyState title="No activity yet" />
          ) : (
            <ol className="divide-y divide-slate-100">
              {view.audit.events.map((event) => (
                <li key={event.id} className="flex flex-wrap justify-between gap-2 px-5 py-3 text-sm">
                  <span>
                    <AuditSentence parts={describeAuditEvent(event)} />
                    {event.reason ? <span className="text-slate-600"> — {event.reason}</span> : null}
                  </span>
                  <Time date={event.occurredAt} now={now} mode="relative" />
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

/** Usage quotas (issue 18): the bars of a metered license, with the way to its history; nothing for others. */
function UsageCard({ usage, licenseId, now }: { usage: LicenseUsage; licenseId: string; now: Date }) {
  if (usage.meters.length === 0) return null;
  return (
    <Card aria-labelledby="usage">
      <CardHeader
        id="usage"
        title="Usage"
        description="What your software recorded against this license's quotas this period."
        actions={<ButtonLink href={`/licenses/${licenseId}/usage`}>Usage history</ButtonLink>}
      />
      <UsageMeters usage={usage} now={now} />
    </Card>
  );
}
