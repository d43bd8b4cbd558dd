import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listStaffAuditEvents } from "@/lib/audit";
import { requireStaffContext } from "@/lib/auth/session";
import { listOrganizations } from "@/lib/orgs";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { staffAuditFilters, staffAuditQuerySchema } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
const inputClass =
  "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 aria-[invalid=true]:ring-red-400 focus:ring-2 focus:ring-brand-600";

export default async function StaffAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const parsed = staffAuditQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsFrom(parsed.error, "query");
  const query = parsed.success ? parsed.data : {};
  const [orgs, page] = await Promise.all([
    listOrganizations(ctx),
    parsed.success
      ? listStaffAuditEvents(ctx, { ...staffAuditFilters(parsed.data), before: parsed.data.before, limit: PAGE_SIZE })
      : null,
  ]);
  const filterParams = new URLSearchParams(
    Object.entries({ org: query.org, actor: query.actor, action: query.action, from: query.from, to: query.to }).filter(
      (entry): entry is [string, string] => Boolean(entry[1]),
    ),
  );
  const withParams = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...Object.fromEntries(filterParams), ...extra })}`;
  const now = ctx.now();

  const field = (name: keyof typeof raw & string, label: string, input: React.ReactNode) => (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {input}
      {errors[name] ? (
        <p id={`audit-${name}-error`} className="mt-1 text-xs text-red-700">
          {errors[name].join(" ")}
        </p>
      ) : null}
    </div>
  );
  const inputProps = (name: string) => ({
    id: `audit-${name}`,
    name,
    defaultValue: raw[name] ?? "",
    "aria-invalid": Boolean(errors[name]),
    "aria-describedby": errors[name] ? `audit-${name}-error` : undefined,
    className: inputClass,
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every recorded change across all organizations, staff actions and sign-in factors included. Dates are UTC."
        actions={
          parsed.success ? (
            <>
              {parsed.data.org ? (
                <a
                  className={buttonClass("secondary")}
                  href={`/admin/audit/verifiable-export?org=${parsed.data.org}`}
                  download
                >
                  Verifiable export of this organization
                </a>
              ) : null}
              <a className={buttonClass("secondary")} href={`/admin/audit/export?${filterParams}`} download>
                Export CSV
              </a>
            </>
          ) : null
        }
      />
      <form
        method="get"
        role="search"
        aria-label="Filter audit events"
        className="mb-6 grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
        noValidate
      >
        {field(
          "org",
          "Organization",
          <select {...inputProps("org")}>
            <option value="">Any</option>
            {orgs.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>,
        )}
        {field("actor", "Actor", <input {...inputProps("actor")} type="search" placeholder="support@rekey.example" />)}
        {field(
          "action",
          "Action starts with",
          <input {...inputProps("action")} type="search" placeholder="license_key." spellCheck={false} />,
        )}
        {field("from", "From (UTC)", <input {...inputProps("from")} type="date" />)}
        {field("to", "To (UTC)", <input {...inputProps("to")} type="date" />)}
        <div className="flex gap-2">
          <Button type="submit">Filter</Button>
          <Link className={buttonClass("ghost")} href="/admin/audit">
            Clear
          </Link>
        </div>
      </form>
      <Card>
        {!page ? (
          <EmptyState title="Fix the filters to see events">Each problem is shown beside its field above.</EmptyState>
        ) : page.events.length === 0 ? (
          <EmptyState title="No events match these filters" />
        ) : (
          <AuditEventList
            label="Audit events"
            events={page.events}
            now={now}
            describe={(event) =>
              `on ${event.subjectType} ${event.subjectId.slice(0, 8)}${event.orgName ? ` · ${event.orgName}` : ""}`
            }
          />
        )}
        {page && (page.nextBefore || query.before) ? (
          <nav aria-label="Pagination" className="flex justify-between border-t border-slate-200 px-5 py-3 text-sm">
            {query.before ? (
              <Link className="font-medium text-brand-700 hover:underline" href={withParams({})}>
                Newest entries
              </Link>
            ) : (
              <span />
            )}
            {page.nextBefore ? (
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={withParams({ before: String(page.nextBefore) })}
              >
                Older entries
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
