import type { Metadata } from "next";
import { StaffPinForm } from "@/components/admin/staff-pin-form";
import { LicenseStatusBadge } from "@/components/portal/license-status";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { listPinLicenses } from "@/lib/licensing";
import { activationPinModeLabels, pageSchema } from "@/lib/validations/lifecycle";
import { staffSetActivationPinAction } from "./actions";

export const metadata: Metadata = { title: "License PINs" };

export default async function LicensePinsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const { page } = pageSchema.parse(await searchParams);
  const result = await listPinLicenses(ctx, { page });
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="License PINs"
        description="Enterprise licenses and their activation PIN. Owners manage their own PIN; support sets or clears one when an owner has lost it."
      />
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState title="No enterprise licenses">Licenses on an enterprise edition appear here.</EmptyState>
        ) : (
          <>
            <ul className="divide-y divide-slate-100">
              {result.rows.map((license) => (
                <li key={license.id} className="space-y-3 px-5 py-4 text-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div>
                      <p className="font-medium text-slate-900">
                        {license.orgName} · {license.productName} {license.editionName}
                      </p>
                      <p className="font-mono text-xs text-slate-500">{license.id}</p>
                    </div>
                    <LicenseStatusBadge status={license.status} />
                  </div>
                  <p className="text-slate-700">
                    {license.pinMode && license.pinSetAt ? (
                      <>
                        PIN set <Time date={license.pinSetAt} now={now} mode="relative" />; asked:{" "}
                        {activationPinModeLabels[license.pinMode].toLowerCase()}.
                      </>
                    ) : (
                      "No PIN."
                    )}
                  </p>
                  <StaffPinForm
                    licenseId={license.id}
                    label={`${license.orgName} ${license.productName}`}
                    mode={license.pinMode}
                    action={staffSetActivationPinAction}
                  />
                </li>
              ))}
            </ul>
            <Pagination
              total={result.total}
              page={result.page}
              pageCount={result.pageCount}
              href={(page) => `/admin/license-pins?page=${page}`}
              noun={["license", "licenses"]}
            />
          </>
        )}
      </Card>
    </>
  );
}
