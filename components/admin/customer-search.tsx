"use client";

import { TableScroll } from "@/components/ui/simple-table";
import { Link } from "@/components/ui/link";
import { useRef } from "react";
import { LicenseStatusBadge } from "@/components/portal/license-status";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { CustomerSearchRow } from "@/lib/licensing/search-customers";

const linkClass =
  "rounded font-medium text-brand-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2";

/**
 * The one search box and its results, keyboard first: ArrowDown from the box enters the results,
 * ArrowUp/ArrowDown move between them, Enter opens one, Escape returns to the box.
 */
export function CustomerSearch({
  query,
  error,
  rows,
  now,
  empty,
  pagination,
}: {
  query: string;
  error?: string;
  rows: CustomerSearchRow[];
  now: Date;
  empty: React.ReactNode;
  pagination: React.ReactNode;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLTableSectionElement>(null);
  const results = () => [...(resultsRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-result]") ?? [])];

  const moveFocus = (event: React.KeyboardEvent) => {
    const links = results();
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "ArrowDown") links[Math.min(index + 1, links.length - 1)]?.focus();
    else if (event.key === "ArrowUp") (index <= 0 ? inputRef.current : links[index - 1])?.focus();
    else if (event.key === "Escape") inputRef.current?.focus();
    else return;
    event.preventDefault();
  };

  return (
    <>
      <form role="search" method="get" className="mb-2 flex gap-2">
        <label htmlFor="q" className="sr-only">
          Search customers
        </label>
        <input
          ref={inputRef}
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          autoFocus
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && results().length) {
              event.preventDefault();
              results()[0]!.focus();
            }
          }}
          placeholder="Organization, member email, license id, key prefix (RK-7F3Q) or device name"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? "q-error" : "q-hint"}
          className="block w-full max-w-2xl rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <Button type="submit">Search</Button>
      </form>
      {error ? (
        <p id="q-error" className="mb-4 text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id="q-hint" className="mb-4 text-sm text-slate-500">
          Never paste a whole key: its prefix is enough. Arrow keys move through the results; Enter opens one.
        </p>
      )}
      <Card>
        {rows.length === 0 ? (
          empty
        ) : (
          <>
            <TableScroll label="Search results">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Search results</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="px-5 py-3">
                      Organization
                    </th>
                    <th scope="col" className="px-5 py-3">
                      License
                    </th>
                    <th scope="col" className="px-5 py-3">
                      Status
                    </th>
                    <th scope="col" className="px-5 py-3">
                      Expires
                    </th>
                  </tr>
                </thead>
                <tbody ref={resultsRef} onKeyDown={moveFocus} className="divide-y divide-slate-100">
                  {rows.map((row) => (
                    <tr key={`${row.orgId}-${row.licenseId ?? "none"}`} className="focus-within:bg-brand-50">
                      <td className="px-5 py-3">
                        <Link
                          className={linkClass}
                          href={`/admin/customers/${row.orgId}`}
                          data-result={row.licenseId ? undefined : ""}
                        >
                          {row.orgName}
                        </Link>
                      </td>
                      <td className="px-5 py-3">
                        {row.licenseId ? (
                          <>
                            <Link className={linkClass} href={`/admin/licenses/${row.licenseId}`} data-result="">
                              {row.productName} · {row.editionName}
                            </Link>
                            <div className="font-mono text-xs text-slate-500">{row.licenseId}</div>
                          </>
                        ) : (
                          <span className="text-slate-500">No licenses</span>
                        )}
                      </td>
                      <td className="px-5 py-3">
                        {row.licenseStatus ? <LicenseStatusBadge status={row.licenseStatus} /> : null}
                      </td>
                      <td className="px-5 py-3 text-slate-700">
                        {row.expiresAt ? <Time date={row.expiresAt} now={now} /> : row.licenseId ? "Never" : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {pagination}
          </>
        )}
      </Card>
    </>
  );
}
