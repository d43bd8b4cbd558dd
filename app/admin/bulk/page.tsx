import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { BulkRotationForm } from "@/components/ops/bulk-rotation-form";
import { BulkProgressBar, BulkStateBadge } from "@/components/ops/bulk-progress";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireAdminContext } from "@/lib/auth/session";
import { listBulkRotations, listBulkSelectionOptions } from "@/lib/rotation";
import { requestBulkRotationAction } from "./actions";

export const metadata: Metadata = { title: "Bulk reissue" };

export default async function BulkRotationsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const ctx = await requireAdminContext();
  const page = Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1);
  const [{ runs, hasMore }, options] = await Promise.all([
    listBulkRotations(ctx, { page }),
    listBulkSelectionOptions(ctx),
  ]);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Bulk reissue"
        description="Give many licenses a new key, in waves: a small share first, then more once it has soaked without validation failures. The run halts by itself when validations of rotated licenses fail too often."
      />
      <Card className="mb-6">
        <CardHeader title="New bulk reissue" description="A second admin must approve it before anything rotates." />
        <BulkRotationForm options={options} action={requestBulkRotationAction} />
      </Card>
      <Card>
        <CardHeader title="Runs" />
        {runs.length === 0 ? (
          <EmptyState title="No bulk reissues yet">Runs appear here once requested.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Bulk reissues">
            {runs.map((run) => (
              <li key={run.id} className="space-y-2 px-5 py-4">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={`/admin/bulk/${run.id}`} className="font-semibold text-brand-700 underline">
                    {run.selectionLabel}
                  </Link>
                  <BulkStateBadge state={run.state} />
                </div>
                <p className="text-xs text-slate-500">
                  Requested by {run.requestedBy} <Time date={run.createdAt} now={now} mode="relative" /> · waves{" "}
                  {run.waves.map((wave) => `${wave.percent} %`).join(" → ")}
                </p>
                {run.selectedCount !== null ? <BulkProgressBar run={run} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <nav aria-label="Pages" className="mt-4 flex justify-between">
        {page > 1 ? <ButtonLink href={`/admin/bulk?page=${page - 1}`}>Previous page</ButtonLink> : <span />}
        {hasMore ? <ButtonLink href={`/admin/bulk?page=${page + 1}`}>Next page</ButtonLink> : null}
      </nav>
    </>
  );
}
