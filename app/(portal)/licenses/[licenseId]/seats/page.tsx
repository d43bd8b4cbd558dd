import type { Metadata } from "next";
import { TransferAllowanceLine } from "@/components/devices/transfer-allowance";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { SeatMeter } from "@/components/portal/license-status";
import { AssignSeatForm, RevealSeatTokenButton, UnassignSeatButton } from "@/components/seats/named-seat-forms";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { findLicenseTransferAllowance } from "@/lib/devices";
import { listLicenseSeats } from "@/lib/seats";
import { loadLicense } from "../load-license";
import { assignSeatAction, revealSeatTokenAction, unassignSeatAction } from "./actions";

export const metadata: Metadata = { title: "Seats" };

/** Named-user licenses (issue 18): who holds each seat, and the owner's Assign and Unassign. */
export default async function LicenseSeatsPage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const seats = await listLicenseSeats(ctx, licenseId);
  const now = ctx.now();
  // On a named-user edition the transfer limit counts seats given to another person.
  const reassignments = seats
    ? await findLicenseTransferAllowance(ctx.db, { licenseId, editionId: license.edition.id, now })
    : null;
  const isOwner = ctx.memberRole === "owner";
  const holdsSeat = seats?.holders.some((holder) => holder.userId === ctx.actor.userId) ?? false;
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Seats"
        description="On a named-user license each seat belongs to a person: your software names its signed-in user, and only people holding a seat may use it."
        actions={
          seats ? (
            <div className="text-right">
              <SeatMeter used={seats.holders.length} total={seats.seats} />
              <p className="mt-1 text-xs text-slate-500">seats assigned</p>
            </div>
          ) : null
        }
      />
      {seats ? (
        <Card aria-labelledby="named-seats">
          <CardHeader
            id="named-seats"
            title={`${seats.holders.length} of ${seats.seats} seats assigned`}
            description={
              isOwner
                ? "Assign a seat to anyone by email. A member who leaves your organization gives their seat back; someone outside it holds the seat until you unassign it."
                : "An owner of your organization assigns and takes back seats."
            }
          />
          {reassignments ? (
            <div className="border-b border-slate-200 px-5 py-3">
              <TransferAllowanceLine allowance={reassignments} now={now} />
            </div>
          ) : null}
          {holdsSeat ? <RevealSeatTokenButton licenseId={license.id} action={revealSeatTokenAction} /> : null}
          {isOwner && seats.holders.length < seats.seats ? (
            <AssignSeatForm licenseId={license.id} action={assignSeatAction} />
          ) : null}
          {seats.holders.length === 0 ? (
            <EmptyState title="No seat assigned yet">People appear here once an owner assigns them a seat.</EmptyState>
          ) : (
            <SimpleTable caption="People holding a seat" headings={["Person", "Assigned", ""]}>
              {seats.holders.map((holder) => (
                <tr key={holder.userId}>
                  <td className="px-5 py-3">
                    <span className="font-medium">{holder.name ?? holder.email}</span>
                    {holder.name ? <span className="block text-xs text-slate-500">{holder.email}</span> : null}
                  </td>
                  <td className="px-5 py-3">
                    <Time date={holder.assignedAt} now={now} mode="relative" />
                  </td>
                  <td className="px-5 py-3 text-right">
                    {isOwner ? (
                      <UnassignSeatButton licenseId={license.id} holder={holder} action={unassignSeatAction} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
      ) : (
        <Card aria-labelledby="named-seats">
          <CardHeader
            id="named-seats"
            title="Seats are not assigned to people on this license"
            description="This license counts seats per device or by floating lease: see its devices instead."
          />
        </Card>
      )}
    </>
  );
}
