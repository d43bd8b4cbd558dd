import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { ResolveAnomalyForm } from "@/components/devices/resolve-anomaly-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { describeAnomaly, listOpenAnomalyFlags } from "@/lib/devices";
import { resolveAnomalyAction } from "./actions";

export const metadata: Metadata = { title: "Anomaly flags" };

export default async function AnomalyFlagsPage() {
  const ctx = await requireStaffContext();
  const flags = await listOpenAnomalyFlags(ctx);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Anomaly flags"
        description="Licenses activated from unusually many devices or networks in a short time. Nothing was blocked; look, contact the customer if needed, and resolve."
      />
      <Card>
        {flags.length === 0 ? (
          <EmptyState title="No open flags">
            Flags appear here when a key is activated from many devices or networks within an hour.
          </EmptyState>
        ) : (
          <TableScroll label="Open anomaly flags">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Open anomaly flags</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-5 py-3">
                    Organization
                  </th>
                  <th scope="col" className="px-5 py-3">
                    License
                  </th>
                  <th scope="col" className="px-5 py-3">
                    What we saw
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Raised
                  </th>
                  <th scope="col" className="px-5 py-3 text-right">
                    <span className="sr-only">Resolve</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {flags.map((flag) => (
                  <tr key={flag.id}>
                    <td className="px-5 py-3 align-top font-medium">{flag.orgName}</td>
                    <td className="px-5 py-3 align-top">
                      {flag.productName} · {flag.editionName} ({flag.seats} seats)
                      <div className="font-mono text-xs text-slate-500">{flag.licenseId}</div>
                    </td>
                    <td className="px-5 py-3 align-top text-slate-700">
                      {describeAnomaly(flag)} Threshold {flag.threshold}.
                    </td>
                    <td className="px-5 py-3 align-top text-slate-700">
                      <Time date={flag.raisedAt} now={now} mode="relative" />
                      <div className="text-xs text-slate-500">
                        last seen <Time date={flag.lastObservedAt} now={now} mode="relative" />
                      </div>
                    </td>
                    <td className="px-5 py-3 align-top">
                      <ResolveAnomalyForm
                        flagId={flag.id}
                        licenseLabel={`${flag.orgName} ${flag.productName}`}
                        action={resolveAnomalyAction}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Card>
    </>
  );
}
