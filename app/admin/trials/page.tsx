import type { Metadata } from "next";
import { ConvertTrialForm } from "@/components/admin/convert-trial-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { listTrialLicenses } from "@/lib/licensing";
import { pageSchema } from "@/lib/validations/lifecycle";
import { convertTrialAction } from "./actions";

export const metadata: Metadata = { title: "Trials" };

export default async function TrialsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const { page } = pageSchema.parse(await searchParams);
  const result = await listTrialLicenses(ctx, { page });
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Trials"
        description="Active trial licenses, soonest to end first. Converting keeps the license, its devices and settings, and issues a new key."
      />
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState title="No active trials">
            Trial licenses (edition “trial”) appear here until they are converted or end.
          </EmptyState>
        ) : (
          <>
            <ul className="divide-y divide-slate-100">
              {result.rows.map((trial) => (
                <li key={trial.id} className="grid gap-3 px-5 py-4 sm:grid-cols-[1fr_auto]">
                  <div className="text-sm">
                    <p className="font-medium text-slate-900">
                      {trial.orgName} · {trial.productName}
                    </p>
                    <p className="font-mono text-xs text-slate-500">{trial.id}</p>
                    <p className="mt-1 text-slate-700">
                      {trial.activeDevices} of {trial.seats} seats in use · ends{" "}
                      {trial.expiresAt ? (
                        <>
                          <Time date={trial.expiresAt} now={now} mode="relative" /> (
                          <Time date={trial.expiresAt} now={now} />)
                        </>
                      ) : (
                        "never"
                      )}
                    </p>
                  </div>
                  <div className="sm:col-span-2">
                    {trial.paidEditions.length === 0 ? (
                      <p className="text-sm text-slate-500">This product has no paid edition to convert to.</p>
                    ) : (
                      <ConvertTrialForm
                        licenseId={trial.id}
                        label={`${trial.orgName} ${trial.productName}`}
                        seats={trial.seats}
                        activeDevices={trial.activeDevices}
                        editions={trial.paidEditions}
                        action={convertTrialAction}
                      />
                    )}
                  </div>
                </li>
              ))}
            </ul>
            <Pagination
              total={result.total}
              page={result.page}
              pageCount={result.pageCount}
              href={(page) => `/admin/trials?page=${page}`}
              noun={["trial", "trials"]}
            />
          </>
        )}
      </Card>
    </>
  );
}
