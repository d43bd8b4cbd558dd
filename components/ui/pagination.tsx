import { Link } from "@/components/ui/link";

/** "N results · page X of Y" with Previous/Next links; `href` builds the link for a page number. */
export function Pagination({
  total,
  page,
  pageCount,
  href,
  noun,
}: {
  total: number;
  page: number;
  pageCount: number;
  href: (page: number) => string;
  noun: [string, string];
}) {
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm"
    >
      <span className="text-slate-600">
        {total} {total === 1 ? noun[0] : noun[1]} · page {page} of {pageCount}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className="font-medium text-brand-700 hover:underline" href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link className="font-medium text-brand-700 hover:underline" href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
