import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseStatusBadge, SeatMeter } from "@/components/portal/license-status";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LicenseExpiry } from "@/components/licenses/license-expiry";
import { requireOrgContext } from "@/lib/auth/session";
import { EXPIRING_SOON_DAYS, isLive, listLicenses } from "@/lib/licensing";

export const metadata: Metadata = { title: "Licenses" };

export default async function DashboardPage() {
  const ctx = await requireOrgContext();
  const licenses = await listLicenses(ctx);
  const now = ctx.now();
  const active = licenses.filter(isLive).length;
  const expiringSoon = licenses.filter((l) => l.isExpiringSoon).length;
  return (
    <>
      <PageHeader
        title="Licenses"
        description="Everything your organization is entitled to, and the state of each license."
      />
      <dl className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label="Licenses" value={licenses.length} />
        <Stat label="Active" value={active} />
        <Stat label={`Expiring within ${EXPIRING_SOON_DAYS} days`} value={expiringSoon} highlight={expiringSoon > 0} />
      </dl>
      <Card>
        {licenses.length === 0 ? (
          <EmptyState title="No licenses yet">
            When your vendor issues a license to your organization, it appears here.
          </EmptyState>
        ) : (
          <TableScroll label="Your organization's licenses">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Your organization&apos;s licenses</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-5 py-3">
                    Product
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Edition
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Status
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Seats used
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Expires
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {licenses.map((license) => (
                  <tr key={license.id} className="hover:bg-slate-50">
                    <td className="px-5 py-3 font-medium">
                      <Link href={`/licenses/${license.id}`} className="text-brand-700 hover:underline">
                        {license.productName}
                      </Link>
                    </td>
                    <td className="px-5 py-3 text-slate-700">{license.editionName}</td>
                    <td className="px-5 py-3">
                      <LicenseStatusBadge status={license.status} isExpiringSoon={license.isExpiringSoon} />
                    </td>
                    <td className="px-5 py-3">
                      <SeatMeter used={license.seatsUsed} total={license.seats} />
                    </td>
                    <td className="px-5 py-3 text-slate-700">
                      <LicenseExpiry expiresAt={license.expiresAt} now={now} />
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

function Stat({ label, value, highlight }: { label: string; value: number; highlight?: boolean }) {
  return (
    <div className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className={highlight ? "mt-1 text-2xl font-semibold text-amber-700" : "mt-1 text-2xl font-semibold"}>
        {value}
      </dd>
    </div>
  );
}
