import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CustomerSearch } from "@/components/admin/customer-search";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffContext } from "@/lib/auth/session";
import { searchCustomers } from "@/lib/licensing";
import { customerSearchSchema } from "@/lib/validations/licenses";

export const metadata: Metadata = { title: "Customers" };

export default async function AdminSearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const raw = await searchParams;
  const parsed = customerSearchSchema.safeParse({ q: raw.q, page: raw.page });
  const input = parsed.success ? parsed.data : { q: "", page: 1 };
  const result = await searchCustomers(ctx, input);
  const now = ctx.now();
  // A refused query (a pasted whole key) is never echoed back into the page or its links.
  const shownQuery = parsed.success ? input.q : "";
  const pageHref = (page: number) => `/admin?${new URLSearchParams({ q: input.q, page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Customers"
        description="Find a customer by organization name, a member's email, a license id, a key prefix or a device name."
        actions={
          <ButtonLink href="/admin/customers/new" variant="primary">
            New customer
          </ButtonLink>
        }
      />
      <CustomerSearch
        query={shownQuery}
        error={parsed.success ? undefined : parsed.error.issues[0]?.message}
        rows={result.rows}
        now={now}
        empty={
          <EmptyState title={input.q ? `Nothing matches “${input.q}”` : "No customers yet"}>
            {input.q
              ? "Try part of the organization name or email, a complete license id, a key prefix like RK-7F3Q, or a device name."
              : null}
          </EmptyState>
        }
        pagination={
          <nav
            aria-label="Pagination"
            className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm"
          >
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
        }
      />
    </>
  );
}
