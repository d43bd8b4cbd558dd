/**
 * A table's own horizontal scroll, so a wide table scrolls inside itself on a phone instead of
 * widening the page (issue 16, item 1). `relative` makes it the containing block of the cells'
 * absolutely positioned screen-reader text: without it that text escaped the scroll and widened
 * the devices page to 715 px on a 390 px phone, which a phone browser shows zoomed out. A grid
 * holding one needs explicit columns (`grid-cols-1`, whose tracks may shrink to 0): an implicit
 * `auto` column grows to the table's full width, and the scroll never starts (/admin/health, 554 px). It is focusable and named, because a region that scrolls
 * must be reachable from the keyboard (WCAG 2.1.1; axe's scrollable-region-focusable). A group,
 * not a region: the page's landmarks stay the sections it already names.
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} className="relative overflow-x-auto">
      {children}
    </div>
  );
}

/** A captioned table with the house header style; rows come as children. Empty heading = actions column. */
export function SimpleTable({
  caption,
  headings,
  children,
}: {
  caption: string;
  headings: string[];
  children: React.ReactNode;
}) {
  return (
    <TableScroll label={caption}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {headings.map((heading, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headings are fixed per table and may repeat or be empty
              <th key={index} scope="col" className="px-5 py-3">
                {heading || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </TableScroll>
  );
}
