import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DeliveriesTable } from "@/components/admin/deliveries-table";
import { ActionFields } from "@/components/admin/action-fields";
import { AuditReasonFields, CustomerActionReasonFields } from "@/components/admin/staff-reason-fields";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { LicenseStatusBadge, SeatMeter } from "@/components/portal/license-status";
import { Badge } from "@/components/ui/badge";
import { ActionDialog } from "@/components/ui/action-dialog";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { ExactTime, Time } from "@/components/ui/time";
import { listStaffAuditEvents } from "@/lib/audit";
import { requireStaffContext } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { listLicenses } from "@/lib/licensing";
import { listDeliveries } from "@/lib/notify";
import { listChannels } from "@/lib/notify/channels";
import { findOrganization, listMembers } from "@/lib/orgs";
import { findOffboarding, isScheduled, type Offboarding, offboardingMachine } from "@/lib/offboarding";
import { canAct } from "@/lib/state-machine";
import { resendNoticeAction, retryDeliveryAction } from "../../deliveries/actions";
import {
  cancelOffboardingAction,
  resetMemberSecondFactorAction,
  resetSsoConnectionAction,
  scheduleOffboardingAction,
  suspendCustomerLicensesAction,
} from "./actions";
import { getSsoConnection } from "@/lib/identity";
import { SsoConnectionDetails } from "@/components/auth/sso-connection-details";
import { viewerOf } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "Customer · Support" };

async function loadCustomer(orgId: string) {
  const ctx = await requireStaffContext();
  if (!z.uuid().safeParse(orgId).success) notFound();
  try {
    const org = await findOrganization(ctx, orgId);
    const scope = { db: ctx.db, orgId, now: ctx.now };
    const [members, licenses, channels, deliveries, audit, offboarding, sso] = await Promise.all([
      listMembers(scope),
      listLicenses(scope),
      listChannels(scope),
      listDeliveries(ctx.db, { orgId }),
      listStaffAuditEvents(ctx, { orgId: orgId, limit: 25 }),
      findOffboarding(ctx.db, orgId),
      getSsoConnection(ctx.db, orgId),
    ]);
    return { ctx, org, members, licenses, channels, deliveries, audit, offboarding, sso };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function StaffCustomerPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { ctx, org, members, licenses, channels, deliveries, audit, offboarding, sso } = await loadCustomer(orgId);
  const now = ctx.now();
  const isAdmin = ctx.actor.role === "admin";
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin" className="hover:underline">
            ← Customers
          </Link>
        }
        title={org.name}
        description={<span className="font-mono text-xs">Organization {org.id}</span>}
      />
      <div className="space-y-6">
        <OffboardingCard
          orgId={org.id}
          offboarding={offboarding}
          now={now}
          canCancel={offboarding !== null && canAct(offboardingMachine, "cancel", offboarding, viewerOf(ctx))}
        />
        <Card aria-labelledby="licenses">
          <CardHeader
            id="licenses"
            title="Licenses"
            actions={
              <div className="flex flex-wrap gap-2">
                {licenses.length > 0 ? <SuspendAllLicenses orgId={org.id} /> : null}
                <ButtonLink href={`/admin/customers/${org.id}/licenses/new`} variant="primary">
                  New license
                </ButtonLink>
              </div>
            }
          />
          {licenses.length === 0 ? (
            <EmptyState title="No licenses">Issue the first one with “New license”.</EmptyState>
          ) : (
            <SimpleTable caption="Licenses of this organization" headings={["License", "Status", "Seats", "Expires"]}>
              {licenses.map((license) => (
                <tr key={license.id}>
                  <td className="px-5 py-3">
                    <Link
                      className="font-medium text-brand-700 hover:underline focus-visible:outline-2"
                      href={`/admin/licenses/${license.id}`}
                    >
                      {license.productName} {license.editionName}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{license.id}</div>
                  </td>
                  <td className="px-5 py-3">
                    <LicenseStatusBadge status={license.status} isExpiringSoon={license.isExpiringSoon} />
                  </td>
                  <td className="px-5 py-3">
                    <SeatMeter used={license.seatsUsed} total={license.seats} />
                  </td>
                  <td className="px-5 py-3">
                    {license.expiresAt ? <Time date={license.expiresAt} now={now} /> : "Never"}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="members">
          <CardHeader id="members" title="Members" />
          {members.length === 0 ? (
            <EmptyState title="No members" />
          ) : (
            <SimpleTable
              caption="Members of this organization"
              headings={["Email", "Role", "Last sign-in", "Two-step verification", ...(isAdmin ? ["Actions"] : [])]}
            >
              {members.map((member) => (
                <tr key={member.userId}>
                  <td className="px-5 py-3 font-medium">{member.email}</td>
                  <td className="px-5 py-3">{member.role}</td>
                  <td className="px-5 py-3">
                    {member.lastSignInAt ? (
                      <Time date={new Date(member.lastSignInAt)} now={now} mode="relative" />
                    ) : (
                      "Never"
                    )}
                  </td>
                  <td className="px-5 py-3">
                    {member.authenticatorConfirmedAt ? (
                      <Badge tone="green">authenticator app</Badge>
                    ) : member.authenticatorAddedAt ? (
                      <Badge tone="amber">set-up not finished</Badge>
                    ) : (
                      <Badge tone="slate">none</Badge>
                    )}
                  </td>
                  {isAdmin ? (
                    <td className="px-5 py-3 text-right">
                      {member.authenticatorAddedAt && member.userId !== ctx.actor.userId ? (
                        <ActionDialog
                          triggerLabel={`Reset two-step verification for ${member.email}`}
                          title={`Reset two-step verification for ${member.email}?`}
                          impact={
                            <ul className="list-disc space-y-1 pl-5">
                              <li>
                                Their authenticator app and recovery codes stop working at once, and every session of
                                theirs must verify again.
                              </li>
                              <li>
                                They set up a new app after their next sign-in; until then, anything that needs a code
                                is refused.
                              </li>
                              <li>
                                They get an email saying support reset it. Confirm who is asking first: this hands the
                                account to whoever reads that mailbox.
                              </li>
                            </ul>
                          }
                          hidden={{ orgId: org.id, userId: member.userId }}
                          confirmLabel="Reset two-step verification"
                          successMessage={`Reset. ${member.email} has been emailed.`}
                          variant="danger"
                          action={resetMemberSecondFactorAction}
                        >
                          <AuditReasonFields />
                        </ActionDialog>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="sso">
          <CardHeader
            id="sso"
            title="Single sign-on"
            actions={
              isAdmin && sso ? (
                <ActionDialog
                  triggerLabel="Reset single sign-on"
                  title={`Reset single sign-on for ${org.name}?`}
                  impact={
                    <ul className="list-disc space-y-1 pl-5">
                      <li>The identity provider is disconnected and its client secret deleted.</li>
                      <li>
                        Everyone on the organization&apos;s domains signs in by email link again until an owner connects
                        a provider anew. Confirm who is asking first.
                      </li>
                    </ul>
                  }
                  hidden={{ orgId: org.id }}
                  confirmLabel="Reset single sign-on"
                  successMessage="Single sign-on reset."
                  variant="danger"
                  action={resetSsoConnectionAction}
                >
                  <AuditReasonFields />
                </ActionDialog>
              ) : null
            }
          />
          <div className="px-5 py-4 text-sm">
            {sso ? (
              <>
                <SsoConnectionDetails connection={sso} />
                <p className="mt-2 text-xs text-slate-500">
                  Changed <Time date={sso.updatedAt} now={now} />
                </p>
              </>
            ) : (
              <p className="text-slate-600">No identity provider connected.</p>
            )}
          </div>
        </Card>

        <Card aria-labelledby="channels">
          <CardHeader
            id="channels"
            title="Notification channels"
            description="Owners always get license notices by email; these channels get them too once verified."
          />
          {channels.length === 0 ? (
            <EmptyState title="No channels">Notices go to the organization's owners only.</EmptyState>
          ) : (
            <SimpleTable caption="Notification channels" headings={["Channel", "Verified", "Last delivery"]}>
              {channels.map((channel) => (
                <tr key={channel.id}>
                  <td className="px-5 py-3">
                    <span className="font-medium">{channel.target}</span>
                    <div className="text-xs text-slate-500">
                      {channel.kind}
                      {channel.label ? ` · ${channel.label}` : ""}
                    </div>
                  </td>
                  <td className="px-5 py-3">
                    {channel.verifiedAt ? <Badge tone="green">verified</Badge> : <Badge tone="amber">unverified</Badge>}
                  </td>
                  <td className="px-5 py-3">
                    {channel.lastDelivery ? (
                      <>
                        {channel.lastDelivery.status} <Time date={channel.lastDelivery.at} now={now} mode="relative" />
                        {channel.lastDelivery.lastError ? (
                          <div className="text-xs text-red-700">{channel.lastDelivery.lastError}</div>
                        ) : null}
                      </>
                    ) : (
                      "Nothing sent yet"
                    )}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="deliveries">
          <CardHeader
            id="deliveries"
            title="Deliveries"
            description="Emails and webhooks to this organization, newest first."
          />
          {deliveries.rows.length === 0 ? (
            <EmptyState title="Nothing sent yet" />
          ) : (
            <DeliveriesTable
              label="Deliveries to this organization"
              rows={deliveries.rows}
              now={now}
              retry={retryDeliveryAction}
              resend={resendNoticeAction}
              viewer={viewerOf(ctx)}
            />
          )}
        </Card>

        <Card aria-labelledby="audit">
          <CardHeader id="audit" title="Audit" description="The latest changes in this organization." />
          {audit.events.length === 0 ? (
            <EmptyState title="No activity yet" />
          ) : (
            <AuditEventList
              label="Organization audit"
              events={audit.events}
              now={now}
              describe={(event) => `(${event.subjectType})`}
            />
          )}
        </Card>
      </div>
    </>
  );
}

/**
 * Ending this customer by a date (issue 22): what is scheduled and the way to take it back, or
 * the form that schedules it. One notice goes out when it is scheduled; the worker ends everything
 * at the date.
 */
function OffboardingCard({
  orgId,
  offboarding,
  now,
  canCancel,
}: {
  orgId: string;
  offboarding: Offboarding | null;
  now: Date;
  canCancel: boolean;
}) {
  const ending = (offboarding: Offboarding) =>
    offboarding.licenseEnding === "revoke" ? "every license is revoked" : "every license expires";
  return (
    <Card aria-labelledby="offboarding">
      <CardHeader id="offboarding" title="Offboarding" />
      <div className="space-y-3 px-5 py-4 text-sm">
        {offboarding && isScheduled(offboarding) ? (
          <>
            <p>
              <Badge tone="amber">scheduled</Badge> Access ends <ExactTime date={offboarding.endsAt} /> (
              <Time date={offboarding.endsAt} now={now} mode="relative" />
              ): {ending(offboarding)}, members are signed out and the organization's API tokens are deleted.
            </p>
            <p className="text-slate-600">“{offboarding.reason}”</p>
            {canCancel ? (
              <ActionDialog
                triggerLabel="Cancel offboarding"
                title="Cancel this offboarding?"
                impact={<p>Nothing has changed yet, so nothing is undone: the customer simply keeps their access.</p>}
                hidden={{ orgId, offboardingId: offboarding.id }}
                confirmLabel="Cancel offboarding"
                successMessage="Offboarding cancelled."
                action={cancelOffboardingAction}
              >
                <AuditReasonFields />
              </ActionDialog>
            ) : null}
          </>
        ) : (
          <>
            {offboarding ? (
              <p className="text-slate-600">
                The last offboarding was {offboarding.status}
                {offboarding.closedAt ? (
                  <>
                    {" "}
                    <Time date={offboarding.closedAt} now={now} mode="relative" />
                  </>
                ) : null}
                .
              </p>
            ) : null}
            <ActionDialog
              triggerLabel="End this customer…"
              title="End this customer's access by a date"
              impact={
                <ul className="list-disc space-y-1 pl-5">
                  <li>The owners are told once, now, with the date and your message.</li>
                  <li>
                    At the end of that day every license is revoked or expires, members are signed out and the
                    organization's API tokens are deleted.
                  </li>
                  <li>Until then nothing changes, and the offboarding can be cancelled.</li>
                </ul>
              }
              hidden={{ orgId }}
              confirmLabel="Schedule offboarding"
              successMessage="Offboarding scheduled."
              variant="danger"
              action={scheduleOffboardingAction}
            >
              <ActionFields
                fields={[
                  { name: "endsAt", label: "Last day of access (UTC)", type: "date" },
                  {
                    name: "licenseEnding",
                    label: "At the end, the licenses",
                    type: "select",
                    defaultValue: "expire",
                    options: [
                      { value: "expire", label: "expire (clients see EXPIRED, with any grace period)" },
                      { value: "revoke", label: "are revoked (keys published in the revocation feed)" },
                    ],
                  },
                ]}
              />
              <CustomerActionReasonFields />
            </ActionDialog>
          </>
        )}
      </div>
    </Card>
  );
}

/**
 * Suspending all of a customer's active licenses in one action (a lost payment dispute, a security
 * concern). Beyond the approval policy's count it waits for a second staff member (issue 22).
 */
function SuspendAllLicenses({ orgId }: { orgId: string }) {
  return (
    <ActionDialog
      triggerLabel="Suspend all licenses…"
      title="Suspend every active license of this customer?"
      impact={
        <ul className="list-disc space-y-1 pl-5">
          <li>Clients get SUSPENDED until each license is resumed; keys and devices stay as they are.</li>
          <li>Each license's contacts are told, with your message.</li>
          <li>More licenses than the approval policy allows in one action wait for a second staff member.</li>
        </ul>
      }
      hidden={{ orgId }}
      confirmLabel="Suspend licenses"
      successMessage="Licenses suspended."
      awaitingApprovalMessage="Sent for approval: nothing changes until a second staff member approves it on the Approvals page."
      variant="danger"
      action={suspendCustomerLicensesAction}
    >
      <CustomerActionReasonFields />
    </ActionDialog>
  );
}
