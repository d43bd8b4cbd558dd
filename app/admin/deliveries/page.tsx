import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { DeliveriesTable } from "@/components/admin/deliveries-table";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffContext } from "@/lib/auth/session";
import { listDeliveries } from "@/lib/notify";
import { resendNoticeAction, retryDeliveryAction } from "./actions";
import { viewerOf } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "Dead letters · Support" };

export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const ctx = await requireStaffContext();
  const { before } = await searchParams;
  const beforeDate = before && !Number.isNaN(Date.parse(before)) ? new Date(before) : undefined;
  const page = await listDeliveries(ctx.db, { isDeadOnly: true, before: beforeDate });
  return (
    <>
      <PageHeader
        title="Dead-lettered deliveries"
        description="Emails and webhooks that failed every attempt. Fix the cause (often the customer's endpoint), then retry."
      />
      <Card>
        <CardHeader title="Dead letters" />
        {page.rows.length === 0 ? (
          <EmptyState title="No dead letters">Every notice has been delivered or is still being retried.</EmptyState>
        ) : (
          <DeliveriesTable
            label="Dead-lettered deliveries"
            rows={page.rows}
            now={ctx.now()}
            showOrg
            retry={retryDeliveryAction}
            resend={resendNoticeAction}
            viewer={viewerOf(ctx)}
          />
        )}
        {page.nextBefore ? (
          <nav aria-label="Pagination" className="border-t border-slate-200 px-5 py-3 text-sm">
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={`/admin/deliveries?before=${encodeURIComponent(page.nextBefore.toISOString())}`}
            >
              Older
            </Link>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
