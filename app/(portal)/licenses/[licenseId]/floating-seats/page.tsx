import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FloatingLeaseTable } from "@/components/devices/floating-lease-table";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { SeatMeter } from "@/components/portal/license-status";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { viewerOf } from "@/lib/auth/viewer";
import { floatingLeaseMachine, listFloatingLeases } from "@/lib/devices";
import { availableActions } from "@/lib/state-machine";
import { loadLicense } from "../load-license";
import { releaseFloatingLeaseAction } from "./actions";

export const metadata: Metadata = { title: "Floating seats" };

/** Floating licenses (issue 18): who holds each concurrent seat now, and the owner's Release. */
export default async function FloatingSeatsPage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const overview = await listFloatingLeases(ctx, licenseId);
  if (!overview) notFound();
  const now = ctx.now();
  const viewer = viewerOf(ctx);
  const borrowing =
    overview.maxBorrowDays === 0
      ? "Seats cannot be borrowed for offline use."
      : `A seat can be borrowed for offline use for up to ${overview.maxBorrowDays} days; returning it early frees it.`;
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Floating seats"
        description={
          <>
            Any machine may use one of this license's seats while the software runs; a seat whose software stops
            renewing is free again after {overview.floatingLeaseMinutes} minutes. {borrowing}
          </>
        }
        actions={
          <div className="text-right">
            <SeatMeter used={overview.leases.length} total={overview.seats} />
            <p className="mt-1 text-xs text-slate-500">seats in use</p>
          </div>
        }
      />
      <Card aria-labelledby="floating-leases">
        <CardHeader
          id="floating-leases"
          title={`${overview.leases.length} of ${overview.seats} seats in use`}
          description={
            ctx.memberRole === "owner"
              ? "Release a seat someone left holding; their software asks for a seat again at its next check."
              : "An owner of your organization can release a seat."
          }
        />
        {overview.leases.length === 0 ? (
          <EmptyState title="No seat in use">Seats appear here while the software runs on a machine.</EmptyState>
        ) : (
          <FloatingLeaseTable
            licenseId={license.id}
            leases={overview.leases.map((lease) => ({
              ...lease,
              canRelease: availableActions(floatingLeaseMachine, lease, viewer).has("release"),
            }))}
            now={now}
            release={releaseFloatingLeaseAction}
          />
        )}
      </Card>
    </>
  );
}
