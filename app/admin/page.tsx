import type { Metadata } from "next";
import Link from "next/link";
import { LicenseStatusBadge } from "@/components/portal/license-status";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { searchCustomers } from "@/lib/licensing";
import { customerSearchSchema } from "@/lib/validations/licenses";

export const metadata: Metadata = { title: "Customers" };

export default async function AdminSearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaffContext();
  const raw = await searchParams;
  const parsed = customerSearchSchema.safeParse({ q: raw.q, page: raw.page });
  const input = parsed.success ? parsed.data : { q: "", page: 1 };
  const result = await searchCustomers(ctx, input);
  const now = ctx.now();
  const pageHref = (page: number) => `/admin?${new URLSearchParams({ q: input.q, page: String(page) })}`;
  return (
    <>
      <PageHeader title="Customers" description="Find an organization by name, a member's email, or a license id." />
      <form role="search" method="get" className="mb-6 flex gap-2">
        <label htmlFor="q" className="sr-only">
          Search customers
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={input.q}
          autoFocus
          placeholder="Acme, alice@acme.example, or a license id"
          aria-invalid={!parsed.success}
          aria-describedby={parsed.success ? undefined : "q-error"}
          className="block w-full max-w-xl rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <Button type="submit">Search</Button>
      </form>
      {!parsed.success ? (
        <p id="q-error" className="-mt-4 mb-4 text-sm text-red-700">
          {parsed.error.issues[0]?.message}
        </p>
      ) : null}
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState title={input.q ? `Nothing matches “${input.q}”` : "No customers yet"}>
            {input.q ? "Try part of the organization name, a full email address, or a complete license id." : null}
          </EmptyState>
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Search results</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="px-5 py-3">Organization</th>
                    <th scope="col" className="px-5 py-3">License</th>
                    <th scope="col" className="px-5 py-3">Status</th>
                    <th scope="col" className="px-5 py-3">Expires</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {result.rows.map((row) => (
                    <tr key={`${row.orgId}-${row.licenseId ?? "none"}`}>
                      <td className="px-5 py-3 font-medium">{row.orgName}</td>
                      <td className="px-5 py-3">
                        {row.licenseId ? (
                          <>
                            {row.productName} · {row.editionName}
                            <div className="font-mono text-xs text-slate-500">{row.licenseId}</div>
                          </>
                        ) : (
                          <span className="text-slate-500">No licenses</span>
                        )}
                      </td>
                      <td className="px-5 py-3">{row.licenseStatus ? <LicenseStatusBadge status={row.licenseStatus} /> : null}</td>
                      <td className="px-5 py-3 text-slate-700">{row.expiresAt ? <Time date={row.expiresAt} now={now} /> : row.licenseId ? "Never" : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm">
              <span className="text-slate-600">
                {result.total} {result.total === 1 ? "result" : "results"} · page {result.page} of {result.pageCount}
              </span>
              <span className="flex gap-2">
                {result.page > 1 ? (
                  <Link className="font-medium text-brand-700 hover:underline" href={pageHref(result.page - 1)}>
                    Previous
                  </Link>
                ) : null}
                {result.page < result.pageCount ? (
                  <Link className="font-medium text-brand-700 hover:underline" href={pageHref(result.page + 1)}>
                    Next
                  </Link>
                ) : null}
              </span>
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
